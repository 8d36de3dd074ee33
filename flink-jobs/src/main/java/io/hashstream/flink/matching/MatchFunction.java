package io.hashstream.flink.matching;

import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.model.AcquiredModels;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.model.ModelRejectedException;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.flink.state.IndexedItem;
import io.hashstream.pdq.PdqHits;
import io.hashstream.flink.state.Slot;
import io.hashstream.flink.state.TenantIndexState;
import io.hashstream.flink.state.TenantPdqIndex;
import io.hashstream.flink.state.TenantIndexState.IndexVersion;
import io.hashstream.flink.state.TenantIndexState.VersionedCode;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.ModelSlots;
import io.hashstream.flink.swap.SlotModel;
import io.hashstream.flink.swap.SwapClock;
import io.hashstream.flink.swap.SwapStateMachine;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.index.result.Matches;
import io.hashstream.schemas.NearDuplicate;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The heart of the job, keyed by tenant: each hashed upload is matched against everything its
 * tenant indexed before it and then indexed, in one step at one key (so "before" is exact: two
 * near-copies arriving together find each other exactly once). Two signals, one detector: an
 * earlier image matches when its CroVCA code is within the radius (active model version only) or
 * its PDQ hash is within the PDQ radius of any of the upload's eight rotations/flips ({@link
 * TenantPdqIndex}); each record says which signals matched and both distances. Raw matches go out as {@link
 * NearDuplicate}s (main output), every code as a {@code HashCode} ({@link OperatorIds#HASH_CODES}),
 * uploads inference could not hash and rejected model updates as dead letters ({@link
 * OperatorIds#DEAD_LETTERS}), a finished re-hash as a {@code SwapReady} ({@link
 * OperatorIds#SWAP_READY}).
 *
 * <p>Control messages and ticks arrive on the broadcast side, in one order everywhere; what they do
 * to the two index slots is decided by the {@link SwapStateMachine} (see there) and carried out on
 * keyed state by {@link IndexSwapEffects}. A query code is only ever searched in the index of its
 * own model version: {@link TenantIndexState#search} checks it.
 *
 * <p>Time: the processing-time service for record timestamps, the {@link SwapClock} for pacing
 * slices; neither is read from the system directly, so harness tests drive both.
 */
public final class MatchFunction
    extends KeyedBroadcastProcessFunction<String, HashedUpload, ControlMessage, NearDuplicate> {
  private static final long serialVersionUID = 2L;

  private static final String SLOTS_KEY = "slots";
  private static final PdqHits NO_PDQ_HITS = new PdqHits();

  private final SlotModel initialModel;
  private final String encoderId;
  private final int embeddingSize;
  private final int radius;
  private final int pdqRadius;
  private final int pdqMinQuality;
  private final int maxMatches;
  private final long sliceNanos;
  private final long pauseNanos;
  private final SwapClock clock;

  private transient TenantIndexState index;
  private transient TenantPdqIndex pdq;
  private transient AcquiredModels models;
  private transient SwapStateMachine swap;
  private transient Counter matchesOut;
  private transient Counter uploadsIndexed;
  private transient Counter deadLettered;
  private transient Counter codesComputedHere;
  private transient Histogram freshnessMillis;

  /**
   * @param initialModel the model to start with when the state names none
   * @param encoderId the running encoder (updates for others are refused)
   * @param embeddingSize its embedding size
   * @param radius the largest CroVCA Hamming distance that matches
   * @param pdqRadius the largest PDQ distance (over the query's 8 rotations/flips) that matches
   * @param pdqMinQuality PDQ hashes of lower quality never match
   * @param maxMatches the most matches reported per upload, nearest first
   * @param rehashSlice the longest a swap's re-hash holds the subtask at a time
   * @param rehashPause the shortest rest between two slices, for uploads
   * @param clock paces the slices ({@link SwapClock#system()} in production)
   */
  public MatchFunction(
      ModelReference initialModel, String encoderId, int embeddingSize, int radius, int pdqRadius,
      int pdqMinQuality, int maxMatches, Duration rehashSlice, Duration rehashPause,
      SwapClock clock) {
    this.initialModel = SlotModel.of(initialModel);
    this.encoderId = encoderId;
    this.embeddingSize = embeddingSize;
    this.radius = radius;
    this.pdqRadius = pdqRadius;
    this.pdqMinQuality = pdqMinQuality;
    this.maxMatches = maxMatches;
    this.sliceNanos = rehashSlice.toNanos();
    this.pauseNanos = rehashPause.toNanos();
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    index = new TenantIndexState();
    index.open(getRuntimeContext());
    pdq = new TenantPdqIndex(pdqMinQuality);
    pdq.open(getRuntimeContext());
    models = new AcquiredModels(encoderId, embeddingSize);
    var metrics = getRuntimeContext().getMetricGroup();
    matchesOut = metrics.counter("matches");
    uploadsIndexed = metrics.counter("uploadsIndexed");
    deadLettered = metrics.counter("deadLetters");
    codesComputedHere = metrics.counter("codesComputedInMatch");
    freshnessMillis = metrics.histogram("freshnessMillis", new DescriptiveStatisticsHistogram(1024));
    metrics.gauge("modelVersion", () -> swap == null ? "" : swap.slots().activeModel().version);
    metrics.gauge("nextModelVersion", () -> {
      SlotModel next = swap == null ? null : swap.slots().nextModel();
      return next == null ? "" : next.version;
    });
    metrics.gauge("indexItems",
        () -> swap == null ? 0L : index.heapSize(swap.slots().activeSlot()));
    metrics.gauge("swapItemsRehashed", () -> swap == null ? 0L : swap.itemsRehashed());
  }

  @Override
  public void close() {
    if (models != null) {
      models.releaseAll();
    }
  }

  @Override
  public void processElement(HashedUpload upload, ReadOnlyContext ctx, Collector<NearDuplicate> out)
      throws Exception {
    ModelSlots slots = swap(ctx.getBroadcastState(OperatorIds.MODEL_SLOTS)).slots();
    long now = ctx.currentProcessingTime();
    if (upload.failed()) {
      deadLettered.inc();
      ctx.output(OperatorIds.DEAD_LETTERS, MatchRecords.deadLetter(upload, now));
      return;
    }
    String tenant = ctx.getCurrentKey();
    Slot active = slots.activeSlot();
    SlotModel activeModel = slots.activeModel();
    IndexVersion activeVersion = versionOf(activeModel);
    long[] code = codeOf(upload, activeModel);

    Matches byCode = index.search(tenant, active, activeVersion, code, radius, coder(activeModel));
    boolean queryPdq = upload.hasPdq() && pdq.isUseful(upload.pdqQuality);
    PdqHits byPdq = queryPdq ? pdq.search(tenant, upload.pdqDihedral, pdqRadius) : NO_PDQ_HITS;
    int reported = 0;
    for (FusedMatch m : FusedMatch.union(byCode, byPdq)) {
      if (reported == maxMatches) {
        break;
      }
      IndexedItem match = index.item(m.itemId());
      if (match.imageId.equals(upload.imageId)) {
        continue; // the same image uploaded again is not a near-duplicate of itself
      }
      int codeDistance = m.codeDistance() >= 0 ? m.codeDistance()
          : Hamming.distance(code, 0, index.code(active, m.itemId()), 0, code.length);
      PdqHits.Hit pdqHit = m.pdq() != null ? m.pdq()
          : queryPdq ? pdq.distance(m.itemId(), upload.pdqDihedral) : null;
      out.collect(MatchRecords.nearDuplicate(upload, match, activeVersion, codeDistance, radius,
          pdqHit, pdqRadius, now));
      reported++;
    }
    matchesOut.inc(reported);

    Map<Slot, VersionedCode> codes = new EnumMap<>(Slot.class);
    codes.put(active, new VersionedCode(activeVersion, code));
    SlotModel next = slots.nextModel();
    if (next != null) {
      codes.put(active.other(), new VersionedCode(versionOf(next), codeOf(upload, next)));
    }
    long itemId = index.insert(tenant,
        new IndexedItem(upload.imageId, upload.uploadedAt, upload.compactEmbedding), codes,
        coder(activeModel));
    if (upload.hasPdq()) {
      pdq.insert(tenant, itemId, upload.pdqDihedral, upload.pdqQuality);
    }
    uploadsIndexed.inc();
    swap.onUpload();
    freshnessMillis.update(now - upload.uploadedAt);
    for (VersionedCode c : codes.values()) {
      ctx.output(OperatorIds.HASH_CODES, MatchRecords.hashCode(upload, c, now));
    }
  }

  @Override
  public void processBroadcastElement(
      ControlMessage message, Context ctx, Collector<NearDuplicate> out) throws Exception {
    BroadcastState<String, ModelSlots> state = ctx.getBroadcastState(OperatorIds.MODEL_SLOTS);
    SwapStateMachine machine = swap(state);
    IndexSwapEffects effects = new IndexSwapEffects(index, models, ctx, message, state, SLOTS_KEY,
        machine.slots(), clock, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0,
        deadLettered);
    if (message.isTick()) {
      machine.onTick(message.tickMillis, effects);
    } else {
      machine.onControl(message.update, effects);
    }
  }

  /**
   * The swap state machine, built on first use from the broadcast state or (first start) the
   * initial model, with the models of both slots loaded.
   */
  private SwapStateMachine swap(ReadOnlyBroadcastState<String, ModelSlots> state) throws Exception {
    if (swap == null) {
      ModelSlots stored = state.get(SLOTS_KEY);
      ModelSlots slots = stored != null ? stored.copy() : ModelSlots.startingWith(initialModel);
      for (SlotModel m : new SlotModel[] {slots.a, slots.b}) {
        if (m != null) {
          try {
            models.acquire(m.reference());
          } catch (ModelRejectedException e) {
            throw new IllegalStateException("cannot load model " + m.version + " that the job's"
                + " state serves: " + e.getMessage() + " (restore its artifact at " + m.artifactUri
                + ")", e);
          }
        }
      }
      var task = getRuntimeContext().getTaskInfo();
      swap = new SwapStateMachine(slots, sliceNanos, pauseNanos, clock,
          task.getIndexOfThisSubtask(), task.getNumberOfParallelSubtasks());
    }
    if (state instanceof BroadcastState<String, ModelSlots> writable && state.get(SLOTS_KEY) == null) {
      writable.put(SLOTS_KEY, swap.slots().copy());
    }
    return swap;
  }

  private Function<float[][], long[][]> coder(SlotModel slotModel) {
    LoadedModel model = models.get(slotModel.version);
    return model::codes;
  }

  private long[] codeOf(HashedUpload upload, SlotModel slotModel) {
    long[] code = upload.codes == null ? null : upload.codes.get(slotModel.version);
    if (code != null) {
      return code;
    }
    codesComputedHere.inc();
    // from the compact form, exactly as a rebuild from the retained embeddings would compute it
    return models.get(slotModel.version).code(CompactEmbedding.decode(upload.compactEmbedding));
  }

  static IndexVersion versionOf(SlotModel model) {
    return new IndexVersion(model.version, CodeLength.ofBits(model.bits));
  }
}
