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
 *       in one step (a checkpoint sees the slot either empty or complete). The subtask keeps
 *       answering with the active model and indexes new uploads in both slots, then reports
 *       {@link SwapReady} ({@link #SWAP_READY}). A bad update is dead-lettered and nothing
 *       changes.
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

  /**
   * @param initialModel the model to start with when the state names none
   * @param encoderId the running encoder (updates for others are refused)
   * @param embeddingSize its embedding size
   * @param radius the largest Hamming distance reported
   * @param maxMatches the most matches reported per upload, nearest first
   */
  public MatchFunction(
      ModelReference initialModel, String encoderId, int embeddingSize, int radius,
      int maxMatches) {
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
    int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
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
      // replayed after a restore: the slot is complete (prepare is one step); report again
      ctx.output(SWAP_READY, new SwapReady(next, subtask, parallelism, 0, 0));
      return;
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
    long started = System.nanoTime();
    long[] total = {0};
    long[] nextLog = {PROGRESS_LOG_EVERY};
    migrated.set(0);
    index.dropHeap(target);
    LOG.info("subtask {}: preparing {} in slot {} beside {}", subtask, version, target,
        current.activeModel().version);
    ctx.applyToKeyedState(
        TenantIndexState.itemsDescriptor(),
        (tenant, items) -> {
          long before = total[0];
          total[0] +=
              index.rebuild(
                  tenant, target, indexVersion, model::codes,
                  done -> {
                    long all = before + done;
                    migrated.set(all);
                    if (all >= nextLog[0]) {
                      nextLog[0] += PROGRESS_LOG_EVERY;
                      LOG.info("subtask {}: {} re-hashed {} items", subtask, version, all);
                    }
                  });
        });
    current.set(target, slotModel);
    state.put(SLOTS_KEY, current);
    long millis = (System.nanoTime() - started) / 1_000_000;
    LOG.info("subtask {}: {} prepared: {} items re-hashed in {} ms; waiting for every subtask",
        subtask, version, total[0], millis);
    ctx.output(SWAP_READY, new SwapReady(slotModel, subtask, parallelism, total[0], millis));
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
    Slot old = current.activeSlot();
    String oldVersion = current.activeModel().version;
    current.active = old.other().name();
    drop(old, current, state, ctx);
    LOG.info("subtask {}: now answering with {} (was {})",
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), version, oldVersion);
  }

  /** Empties a slot on every tenant, forgets its model and writes the slots. */
  private void drop(Slot slot, ModelSlots current, BroadcastState<String, ModelSlots> state,
      Context ctx) throws Exception {
    SlotModel model = current.model(slot);
    ctx.applyToKeyedState(TenantIndexState.itemsDescriptor(), (tenant, items) -> index.clear(tenant, slot));
    index.dropHeap(slot);
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
