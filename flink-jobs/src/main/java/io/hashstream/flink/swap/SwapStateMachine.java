package io.hashstream.flink.swap;

import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.model.ModelRejectedException;
import io.hashstream.flink.state.Slot;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SwapStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot swap of one match subtask, without Flink: which model each index slot serves ({@link
 * ModelSlots}), and what to do on each control message and tick. The owner (the match function)
 * supplies the {@link Effects} on its keyed state; this class decides when.
 *
 * <p>States and transitions (the active slot always answers queries):
 *
 * <pre>
 *             PREPARE v (loads)            every slice done          ACTIVATE v
 *   SERVING ──────────────────► PREPARING ─────────────────► READY ─────────────► SERVING (v)
 *     ▲  ▲                        │  ▲ tick: next slice                │
 *     │  └── PREPARE active ──────┘  └─ (paced: at most a slice, then  │
 *     │      (abandon, drop slot)       rest while uploads arrive)      │
 *     └──────────────────────── PREPARE active (abandon) ◄─────────────┘
 * </pre>
 *
 * <ul>
 *   <li>{@code PREPARE v} while serving: the model is checked and loaded; every stored item is
 *       marked for re-hashing into the inactive slot; the first slice runs at once. A model that
 *       fails its checks is rejected and nothing changes.
 *   <li>{@code PREPARE v} while preparing {@code v} (a replay after a restore): nothing; ticks go
 *       on with the re-hash. {@code PREPARE w} while preparing {@code v}: {@code v} is abandoned
 *       (its slot dropped), then {@code w} is prepared. {@code PREPARE} of the active version while
 *       preparing: the swap is abandoned (a rollback); while serving: nothing.
 *   <li>Tick: the next slice of a running re-hash, if the subtask has rested and the tick is fresh
 *       ({@link SwapProgress}); once nothing is left, readiness is reported once.
 *   <li>{@code ACTIVATE v} of the prepared version: queries switch to its slot and the old slot is
 *       dropped. If some re-hash is left (an ACTIVATE written by hand, before every subtask was
 *       ready) it is finished first, so no query is ever answered from an incomplete index. {@code
 *       ACTIVATE} of the active version (a replay): nothing. {@code ACTIVATE} of a version that was
 *       not prepared, or an unknown stage: rejected, nothing changes.
 * </ul>
 *
 * <p>Not thread-safe: one per match subtask, called from its task thread.
 */
public final class SwapStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(SwapStateMachine.class);
  private static final long PROGRESS_LOG_EVERY = 100_000;
  /** A deadline that never passes: finish the re-hash in one call. */
  public static final long NO_DEADLINE = Long.MAX_VALUE;

  /** What the machine asks its owner to do, on every tenant the subtask owns. */
  public interface Effects {
    /**
     * Checks and loads a model version for this subtask (idempotent per version).
     *
     * @throws ModelRejectedException if the artifact fails its checks
     */
    void load(ModelReference model) throws ModelRejectedException;

    /** Forgets a loaded version (after its slot was dropped). */
    void release(String version);

    /**
     * Empties {@code target} on every tenant and marks every stored item to be re-hashed into it
     * with {@code model}.
     *
     * @return the number of items to re-hash
     */
    long startRehash(Slot target, SlotModel model) throws Exception;

    /**
     * Re-hashes items into {@code target} until none is left or {@code deadlineNanos} (on the
     * machine's clock, or {@link #NO_DEADLINE}) has passed; always at least one batch.
     */
    Rehashed rehash(Slot target, SlotModel model, long deadlineNanos) throws Exception;

    /** Empties a slot on every tenant. */
    void clear(Slot slot) throws Exception;

    /** Stores the slots (broadcast state) after they changed. */
    void save(ModelSlots slots) throws Exception;

    /** Reports that this subtask has prepared a version. */
    void ready(SwapReady report);

    /** Refuses a control message: nothing changed. */
    void reject(DeadLetterReason reason, String why);
  }

  /**
   * What one call of {@link Effects#rehash} did.
   *
   * @param items items re-hashed by the call
   * @param done whether nothing is left to re-hash
   */
  public record Rehashed(long items, boolean done) {}

  private final ModelSlots slots;
  private final SwapProgress progress;
  private final SwapClock clock;
  private final int subtask;
  private final int parallelism;

  /**
   * @param slots the slots to start from (restored, or the initial model's); owned from now on
   * @param sliceNanos the longest a re-hash slice holds the subtask
   * @param pauseNanos the shortest rest between two slices while uploads arrive
   * @param clock the clocks the slices are paced by
   * @param subtask this subtask's index (for reports and logs)
   * @param parallelism the match operator's parallelism (for reports)
   */
  public SwapStateMachine(
      ModelSlots slots, long sliceNanos, long pauseNanos, SwapClock clock, int subtask,
      int parallelism) {
    this.slots = slots;
    this.progress = new SwapProgress(sliceNanos, pauseNanos);
    this.clock = clock;
    this.subtask = subtask;
    this.parallelism = parallelism;
  }

  /** The slots as they are now (do not modify). */
  public ModelSlots slots() {
    return slots;
  }

  /** Counts an answered upload (a busy subtask rests between slices; an idle one does not). */
  public void onUpload() {
    progress.uploadSeen();
  }

  /** Items re-hashed by the running swap so far (0 when none runs). */
  public long itemsRehashed() {
    return progress.itemsDone();
  }

  /** Handles a control message from the topic. */
  public void onControl(ModelUpdate update, Effects fx) throws Exception {
    SwapStage stage = update.getStage();
    if (stage == SwapStage.PREPARE) {
      prepare(update, fx);
    } else if (stage == SwapStage.ACTIVATE) {
      activate(update.getVersion(), fx);
    } else {
      fx.reject(DeadLetterReason.INVALID_MODEL_UPDATE, "unknown swap stage " + stage);
    }
  }

  /** Handles a tick of the job's ticker, made at {@code tickMillis} on the wall clock. */
  public void onTick(long tickMillis, Effects fx) throws Exception {
    SlotModel next = slots.nextModel();
    if (next == null) {
      return;
    }
    long now = clock.nanoTime();
    if (!progress.tracks(next.version)) {
      progress.start(next.version, now, PROGRESS_LOG_EVERY); // resumed after a restore
    }
    if (progress.reported()) {
      return;
    }
    long deadline = progress.sliceDeadline(now, tickMillis);
    if (deadline < 0) {
      return;
    }
    Rehashed slice = fx.rehash(slots.activeSlot().other(), next, deadline);
    progress.sliced(slice.items(), clock.nanoTime(), clock.currentTimeMillis());
    if (progress.shouldLog(PROGRESS_LOG_EVERY)) {
      LOG.info("subtask {}: {} re-hashed {} items", subtask, next.version, progress.itemsDone());
    }
    if (slice.done() && progress.markReported()) {
      long millis = progress.millis(clock.nanoTime());
      LOG.info("subtask {}: {} prepared: {} items re-hashed in {} ms; waiting for every subtask",
          subtask, next.version, progress.itemsDone(), millis);
      fx.ready(new SwapReady(next, subtask, parallelism, progress.itemsDone(), millis));
    }
  }

  private void prepare(ModelUpdate update, Effects fx) throws Exception {
    String version = update.getVersion();
    SlotModel next = slots.nextModel();
    if (version.equals(slots.activeModel().version)) {
      if (next != null) {
        LOG.info("subtask {}: {} is active again; abandoning the swap to {}", subtask, version,
            next.version);
        drop(slots.activeSlot().other(), fx);
      }
      return;
    }
    if (next != null && next.version.equals(version)) {
      return; // replayed after a restore: the ticks resume the re-hash and report readiness
    }
    ModelReference reference = ModelReference.of(update);
    try {
      fx.load(reference);
    } catch (ModelRejectedException e) {
      fx.reject(e.reason(), e.getMessage());
      return;
    }
    if (next != null) {
      LOG.info("subtask {}: abandoning the swap to {} for {}", subtask, next.version, version);
      drop(slots.activeSlot().other(), fx);
    }
    Slot target = slots.activeSlot().other();
    SlotModel model = SlotModel.of(reference);
    long items = fx.startRehash(target, model);
    slots.set(target, model);
    fx.save(slots);
    progress.start(version, clock.nanoTime(), PROGRESS_LOG_EVERY);
    LOG.info("subtask {}: preparing {} in slot {} beside {}: {} items to re-hash in slices",
        subtask, version, target, slots.activeModel().version, items);
    onTick(clock.currentTimeMillis(), fx);
  }

  private void activate(String version, Effects fx) throws Exception {
    if (version.equals(slots.activeModel().version)) {
      return; // replayed
    }
    SlotModel next = slots.nextModel();
    if (next == null || !next.version.equals(version)) {
      fx.reject(DeadLetterReason.INVALID_MODEL_UPDATE,
          "ACTIVATE " + version + " but that version was not prepared (the job writes ACTIVATE"
              + " itself; publish a PREPARE instead)");
      return;
    }
    Slot old = slots.activeSlot();
    // the job writes ACTIVATE once every subtask is ready; one written by hand may come early:
    // finish the re-hash in one go rather than answer from an incomplete index (or switch on some
    // subtasks only). When all is re-hashed this finds nothing to do.
    Rehashed rest = fx.rehash(old.other(), next, NO_DEADLINE);
    if (rest.items() > 0) {
      LOG.warn("subtask {}: ACTIVATE {} came before its re-hash was done; finished {} items now",
          subtask, version, rest.items());
    }
    String oldVersion = slots.activeModel().version;
    slots.active = old.other().name();
    drop(old, fx);
    progress.stop();
    LOG.info("subtask {}: now answering with {} (was {})", subtask, version, oldVersion);
  }

  /** Empties a slot on every tenant, forgets its model and stores the slots. */
  private void drop(Slot slot, Effects fx) throws Exception {
    SlotModel model = slots.model(slot);
    fx.clear(slot);
    if (model != null && progress.tracks(model.version)) {
      progress.stop();
    }
    slots.set(slot, null);
    fx.save(slots);
    if (model != null) {
      fx.release(model.version);
    }
  }
}
