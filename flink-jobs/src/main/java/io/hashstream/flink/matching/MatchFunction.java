package io.hashstream.flink.matching;

import io.hashstream.code.CodeLength;
import io.hashstream.code.CodeBytes;
import io.hashstream.flink.function.DecodeFunction;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.model.ModelRejectedException;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.flink.state.IndexedItem;
import io.hashstream.flink.state.Slot;
import io.hashstream.flink.state.TenantIndexState;
import io.hashstream.flink.state.TenantIndexState.IndexVersion;
import io.hashstream.flink.state.TenantIndexState.VersionedCode;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.ModelSlots;
import io.hashstream.flink.swap.SlotModel;
import io.hashstream.flink.swap.SwapReady;
import io.hashstream.index.Matches;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.registry.DeadLetterFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the job, keyed by tenant: each hashed upload is matched against everything its
 * tenant indexed before it and then indexed, in one step at one key (so "before" is exact: two
 * near-copies arriving together find each other exactly once). Raw matches go out as {@link
 * NearDuplicate}s (main output), every code as a {@link HashCode} ({@link #HASH_CODES}), failed
 * uploads and rejected model updates as dead letters ({@link DecodeFunction#DEAD_LETTERS}).
 *
 * <p><b>Hot swap</b> (control messages arrive on the broadcast side, in one order everywhere):
 *
 * <ol>
 *   <li>{@code PREPARE v}: the model is checked and loaded ({@link ModelCatalog}); every tenant's
 *       items are re-hashed with it from their retained embeddings into the inactive {@link Slot},
 *       in slices ({@link SwapProgress}): each tick of the job's ticker ({@link
 *       ControlMessage#tick}) lets the subtask re-hash for up to a slice, and between slices it
 *       answers uploads with the active model and indexes them in both slots. Checkpoints pass
 *       between slices too; a restore resumes from the per-tenant cursors. When nothing is left
 *       the subtask reports {@link SwapReady} ({@link #SWAP_READY}). A bad update is
 *       dead-lettered and nothing changes.
 *   <li>When every subtask has reported, the {@link io.hashstream.flink.swap.SwapCoordinator}
 *       writes {@code ACTIVATE v} to the control topic; each subtask then switches queries to the
 *       slot of {@code v} and drops the old slot.
 * </ol>
 *
 * Rollback is a {@code PREPARE} of the earlier version. A query code is only ever searched in the
 * index of its own version: {@link TenantIndexState#search} checks it.
 */
public final class MatchFunction
    extends KeyedBroadcastProcessFunction<String, HashedUpload, ControlMessage, NearDuplicate> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MatchFunction.class);

  /** The broadcast state: which model each slot serves. Its name is part of savepoints. */
  public static final MapStateDescriptor<String, ModelSlots> MODEL_SLOTS =
      new MapStateDescriptor<>("model-slots", Types.STRING, TypeInformation.of(ModelSlots.class));

  /** Every code computed, tagged with its model version. */
  public static final OutputTag<HashCode> HASH_CODES =
      new OutputTag<>("hash-codes", new AvroTypeInfo<>(HashCode.class));

  /** A subtask's report that it prepared a model version. */
  public static final OutputTag<SwapReady> SWAP_READY =
      new OutputTag<>("swap-ready", TypeInformation.of(SwapReady.class));

  private static final String SLOTS_KEY = "slots";
  private static final long PROGRESS_LOG_EVERY = 100_000;

  private final SlotModel initialModel;
  private final String encoderId;
  private final int embeddingSize;
  private final int radius;
  private final int maxMatches;

  private transient TenantIndexState index;
  private transient ModelSlots slots;
  private transient Map<String, LoadedModel> models;
  private transient DeadLetterFactory deadLetters;
  private transient Counter matchesOut;
  private transient Counter uploadsIndexed;
  private transient Counter deadLettered;
  private transient Counter codesComputedHere;
  private transient Histogram freshnessMillis;
  private transient AtomicLong migrated;
  private transient SwapProgress swap;
  private final long sliceNanos;
  private final long pauseNanos;

  /**
   * @param initialModel the model to start with when the state names none
   * @param encoderId the running encoder (updates for others are refused)
   * @param embeddingSize its embedding size
   * @param radius the largest Hamming distance reported
   * @param maxMatches the most matches reported per upload, nearest first
   * @param rehashSlice the longest a swap's re-hash holds the subtask at a time
   * @param rehashPause the shortest rest between two slices, for uploads
   */
  public MatchFunction(
      ModelReference initialModel, String encoderId, int embeddingSize, int radius,
      int maxMatches, Duration rehashSlice, Duration rehashPause) {
    this.sliceNanos = rehashSlice.toNanos();
    this.pauseNanos = rehashPause.toNanos();
    this.initialModel = SlotModel.of(initialModel);
    this.encoderId = encoderId;
    this.embeddingSize = embeddingSize;
    this.radius = radius;
    this.maxMatches = maxMatches;
  }

  @Override
  public void open(OpenContext openContext) {
    index = new TenantIndexState();
    index.open(getRuntimeContext());
    models = new HashMap<>();
    deadLetters = new DeadLetterFactory("match");
    migrated = new AtomicLong();
    swap = new SwapProgress(sliceNanos, pauseNanos);
    var metrics = getRuntimeContext().getMetricGroup();
    matchesOut = metrics.counter("matches");
    uploadsIndexed = metrics.counter("uploadsIndexed");
    deadLettered = metrics.counter("deadLetters");
    codesComputedHere = metrics.counter("codesComputedInMatch");
    freshnessMillis = metrics.histogram("freshnessMillis", new DescriptiveStatisticsHistogram(1024));
    metrics.gauge("modelVersion", () -> slots == null ? "" : slots.activeModel().version);
    metrics.gauge("nextModelVersion",
        () -> slots == null || slots.nextModel() == null ? "" : slots.nextModel().version);
    metrics.gauge("indexItems", () -> slots == null ? 0L : index.heapSize(slots.activeSlot()));
    metrics.gauge("swapItemsRehashed", () -> migrated.get());
  }

  @Override
  public void close() {
    if (models != null) {
      models.keySet().forEach(ModelCatalog.shared()::release);
      models.clear();
    }
  }

  @Override
  public void processElement(HashedUpload upload, ReadOnlyContext ctx, Collector<NearDuplicate> out)
      throws Exception {
    ModelSlots current = slots(ctx.getBroadcastState(MODEL_SLOTS));
    long now = ctx.currentProcessingTime();
    if (upload.failed()) {
      deadLettered.inc();
      ctx.output(DecodeFunction.DEAD_LETTERS, deadLetterOf(upload, now));
      return;
    }
    String tenant = ctx.getCurrentKey();
    Slot active = current.activeSlot();
    SlotModel activeModel = current.activeModel();
    IndexVersion activeVersion = versionOf(activeModel);
    long[] code = codeOf(upload, activeModel);

    Matches matches =
        index.search(tenant, active, activeVersion, code, radius, coder(activeModel));
    int reported = 0;
    for (int i = 0; i < matches.size() && reported < maxMatches; i++) {
      IndexedItem match = index.item(matches.id(i));
      if (match.imageId.equals(upload.imageId)) {
        continue; // the same image uploaded again is not a near-duplicate of itself
      }
      out.collect(nearDuplicate(upload, match, matches.distance(i), activeVersion, now));
      reported++;
    }
    matchesOut.inc(reported);

    Map<Slot, VersionedCode> codes = new EnumMap<>(Slot.class);
    codes.put(active, new VersionedCode(activeVersion, code));
    SlotModel next = current.nextModel();
    if (next != null) {
      codes.put(active.other(), new VersionedCode(versionOf(next), codeOf(upload, next)));
    }
    index.insert(
        tenant,
        new IndexedItem(upload.imageId, upload.uploadedAt, upload.compactEmbedding),
        codes,
        coder(activeModel));
    uploadsIndexed.inc();
    swap.uploadSeen();
    freshnessMillis.update(ctx.currentProcessingTime() - upload.uploadedAt);
    for (VersionedCode c : codes.values()) {
      ctx.output(HASH_CODES, hashCode(upload, c, now));
    }
  }

  @Override
  public void processBroadcastElement(ControlMessage message, Context ctx, Collector<NearDuplicate> out)
      throws Exception {
    BroadcastState<String, ModelSlots> state = ctx.getBroadcastState(MODEL_SLOTS);
    ModelSlots current = slots(state);
    if (message.isTick()) {
      continueSwap(current, ctx, message.tickMillis);
      return;
    }
    ModelUpdate update = message.update;
    switch (update.getStage()) {
      case PREPARE -> prepare(message, current, state, ctx);
      case ACTIVATE -> activate(message, current, state, ctx);
      default -> reject(ctx, message, DeadLetterReason.INVALID_MODEL_UPDATE,
          "unknown swap stage " + update.getStage());
    }
  }

  private void prepare(
      ControlMessage message, ModelSlots current, BroadcastState<String, ModelSlots> state,
      Context ctx) throws Exception {
    ModelUpdate update = message.update;
    String version = update.getVersion();
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    SlotModel next = current.nextModel();
    if (version.equals(current.activeModel().version)) {
      if (next != null) {
        LOG.info("subtask {}: {} is active again; abandoning the swap to {}", subtask, version,
            next.version);
        drop(current.activeSlot().other(), current, state, ctx);
      }
      return;
    }
    if (next != null && next.version.equals(version)) {
      return; // replayed after a restore: the ticks resume the re-hash and report readiness
    }
    ModelReference reference = ModelReference.of(update);
    LoadedModel model;
    try {
      model = acquire(reference);
    } catch (ModelRejectedException e) {
      reject(ctx, message, e.reason(), e.getMessage());
      return;
    }
    if (next != null) {
      LOG.info("subtask {}: abandoning the swap to {} for {}", subtask, next.version, version);
      drop(current.activeSlot().other(), current, state, ctx);
    }
    Slot target = current.activeSlot().other();
    SlotModel slotModel = SlotModel.of(reference);
    IndexVersion indexVersion = versionOf(slotModel);
    index.dropHeap(target);
    long[] total = {0};
    ctx.applyToKeyedState(TenantIndexState.itemCountDescriptor(),
        (tenant, count) -> total[0] += index.startRehash(tenant, target, indexVersion));
    current.set(target, slotModel);
    state.put(SLOTS_KEY, current);
    migrated.set(0);
    swap.start(version, System.nanoTime(), PROGRESS_LOG_EVERY);
    LOG.info("subtask {}: preparing {} in slot {} beside {}: {} items to re-hash in slices of {} ms",
        subtask, version, target, current.activeModel().version, total[0], sliceNanos / 1_000_000);
    continueSwap(current, ctx, System.currentTimeMillis());
  }

  /**
   * Takes the next slice of the running re-hash, if any and if the subtask has rested enough, and
   * reports readiness once nothing is left.
   */
  private void continueSwap(ModelSlots current, Context ctx, long tickMillis) throws Exception {
    SlotModel next = current.nextModel();
    if (next == null) {
      return;
    }
    long now = System.nanoTime();
    if (!swap.tracks(next.version)) {
      swap.start(next.version, now, PROGRESS_LOG_EVERY); // resumed after a restore
    }
    if (swap.reported()) {
      return;
    }
    long deadline = swap.sliceDeadline(now, tickMillis);
    if (deadline < 0) {
      return;
    }
    Slot target = current.activeSlot().other();
    IndexVersion version = versionOf(next);
    LoadedModel model = model(next);
    long[] done = {0};
    boolean[] left = {false};
    ctx.applyToKeyedState(TenantIndexState.itemCountDescriptor(), (tenant, count) -> {
      // every slice re-hashes at least one batch, however short the slice, so a swap always ends
      if (index.rehashRemaining() > 0 && (done[0] == 0 || System.nanoTime() - deadline < 0)) {
        done[0] += index.rehashSome(tenant, target, version, model::codes, deadline);
      }
      left[0] |= index.rehashRemaining() > 0;
    });
    long end = System.nanoTime();
    swap.sliced(done[0], end, System.currentTimeMillis());
    migrated.set(swap.itemsDone());
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    if (swap.shouldLog(PROGRESS_LOG_EVERY)) {
      LOG.info("subtask {}: {} re-hashed {} items", subtask, next.version, swap.itemsDone());
    }
    if (!left[0] && swap.markReported()) {
      long millis = swap.millis(end);
      LOG.info("subtask {}: {} prepared: {} items re-hashed in {} ms; waiting for every subtask",
          subtask, next.version, swap.itemsDone(), millis);
      ctx.output(SWAP_READY, new SwapReady(next, subtask,
          getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(), swap.itemsDone(), millis));
    }
  }

  private void activate(
      ControlMessage message, ModelSlots current, BroadcastState<String, ModelSlots> state,
      Context ctx) throws Exception {
    String version = message.update.getVersion();
    if (version.equals(current.activeModel().version)) {
      return; // replayed
    }
    SlotModel next = current.nextModel();
    if (next == null || !next.version.equals(version)) {
      reject(ctx, message, DeadLetterReason.INVALID_MODEL_UPDATE,
          "ACTIVATE " + version + " but that version was not prepared (the job writes ACTIVATE"
              + " itself; publish a PREPARE instead)");
      return;
    }
    // the job writes ACTIVATE only once every subtask is ready; one written by hand may come
    // early: finish the re-hash in one go rather than answer from an incomplete index (or switch
    // on some subtasks only)
    Slot target = current.activeSlot().other();
    IndexVersion nextVersion = versionOf(next);
    LoadedModel nextCoder = model(next);
    ctx.applyToKeyedState(TenantIndexState.itemCountDescriptor(), (tenant, count) -> {
      if (index.rehashRemaining() > 0) {
        LOG.warn("ACTIVATE {} before tenant {} was re-hashed; finishing its re-hash now", version, tenant);
        index.rehashSome(tenant, target, nextVersion, nextCoder::codes, Long.MAX_VALUE);
      }
    });
    Slot old = current.activeSlot();
    String oldVersion = current.activeModel().version;
    current.active = old.other().name();
    drop(old, current, state, ctx);
    swap.stop();
    LOG.info("subtask {}: now answering with {} (was {})",
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), version, oldVersion);
  }

  /** Empties a slot on every tenant, forgets its model and writes the slots. */
  private void drop(Slot slot, ModelSlots current, BroadcastState<String, ModelSlots> state,
      Context ctx) throws Exception {
    SlotModel model = current.model(slot);
    ctx.applyToKeyedState(TenantIndexState.itemCountDescriptor(), (tenant, count) -> index.clear(tenant, slot));
    index.dropHeap(slot);
    if (model != null && swap.tracks(model.version)) {
      swap.stop();
    }
    current.set(slot, null);
    state.put(SLOTS_KEY, current);
    if (model != null && models.remove(model.version) != null) {
      ModelCatalog.shared().release(model.version);
    }
  }

  /** The slots, from broadcast state or (first start) the configured model; loads their models. */
  private ModelSlots slots(ReadOnlyBroadcastState<String, ModelSlots> state) throws Exception {
    if (slots == null) {
      ModelSlots stored = state.get(SLOTS_KEY);
      ModelSlots s = stored != null ? stored : ModelSlots.startingWith(initialModel);
      for (SlotModel m : new SlotModel[] {s.a, s.b}) {
        if (m != null) {
          try {
            acquire(m.reference());
          } catch (ModelRejectedException e) {
            throw new IllegalStateException(
                "cannot load model " + m.version + " that the job's state serves: " + e.getMessage()
                    + " (restore its artifact at " + m.artifactUri + ")", e);
          }
        }
      }
      slots = s;
    }
    if (state instanceof BroadcastState<String, ModelSlots> writable && state.get(SLOTS_KEY) == null) {
      writable.put(SLOTS_KEY, slots);
    }
    return slots;
  }

  private LoadedModel acquire(ModelReference reference) throws ModelRejectedException {
    LoadedModel model = models.get(reference.version());
    if (model == null) {
      model = ModelCatalog.shared().acquire(reference, encoderId, embeddingSize);
      models.put(reference.version(), model);
    }
    return model;
  }

  private LoadedModel model(SlotModel slotModel) {
    LoadedModel model = models.get(slotModel.version);
    if (model == null) {
      throw new IllegalStateException("model " + slotModel.version + " is not loaded");
    }
    return model;
  }

  private java.util.function.Function<float[][], long[][]> coder(SlotModel slotModel) {
    LoadedModel model = model(slotModel);
    return model::codes;
  }

  private long[] codeOf(HashedUpload upload, SlotModel slotModel) {
    long[] code = upload.codes == null ? null : upload.codes.get(slotModel.version);
    if (code != null) {
      return code;
    }
    codesComputedHere.inc();
    // from the compact form, exactly as a rebuild from the retained embeddings would compute it
    return model(slotModel).code(CompactEmbedding.decode(upload.compactEmbedding));
  }

  private static IndexVersion versionOf(SlotModel model) {
    return new IndexVersion(model.version, CodeLength.ofBits(model.bits));
  }

  private void reject(Context ctx, ControlMessage message, DeadLetterReason reason, String why) {
    LOG.warn("rejected control message {}: {}", message, why);
    if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
      return; // every subtask rejects it alike; one dead letter is enough
    }
    deadLettered.inc();
    ctx.output(
        DecodeFunction.DEAD_LETTERS,
        new DeadLetterFactory("control").create(
            reason, why + "; the job keeps running " + slots.activeModel().version,
            message.topic, message.partition, message.offset, null, message.raw,
            null, Instant.ofEpochMilli(ctx.currentProcessingTime())));
  }

  private io.hashstream.schemas.DeadLetter deadLetterOf(HashedUpload u, long now) {
    return deadLetters.create(
        DeadLetterReason.valueOf(u.failureReason), u.failureMessage, u.sourceTopic,
        u.sourcePartition, u.sourceOffset, u.sourceKey, u.sourceValue, u.imageId,
        Instant.ofEpochMilli(now));
  }

  private static NearDuplicate nearDuplicate(
      HashedUpload query, IndexedItem match, int distance, IndexVersion version, long now) {
    return NearDuplicate.newBuilder()
        .setTenant(query.tenant)
        .setQueryId(query.imageId)
        .setMatchId(match.imageId)
        .setDistance(distance)
        .setBits(version.length().bits())
        .setModelVersion(version.version())
        .setQueryUploadedAt(Instant.ofEpochMilli(query.uploadedAt))
        .setMatchUploadedAt(Instant.ofEpochMilli(match.uploadedAt))
        .setDetectedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private static HashCode hashCode(HashedUpload u, VersionedCode code, long now) {
    CodeLength length = code.version().length();
    return HashCode.newBuilder()
        .setImageId(u.imageId)
        .setTenant(u.tenant)
        .setModelVersion(code.version().version())
        .setBits(length.bits())
        .setCode(ByteBuffer.wrap(CodeBytes.encode(length, code.code(), 0)))
        .setUploadedAt(Instant.ofEpochMilli(u.uploadedAt))
        .setHashedAt(Instant.ofEpochMilli(u.hashedAt > 0 ? u.hashedAt : now))
        .build();
  }
}
