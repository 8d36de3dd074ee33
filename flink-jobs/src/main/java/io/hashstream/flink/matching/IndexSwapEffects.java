package io.hashstream.flink.matching;

import io.hashstream.flink.model.AcquiredModels;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.model.ModelRejectedException;
import io.hashstream.flink.state.Slot;
import io.hashstream.flink.state.TenantIndexState;
import io.hashstream.flink.state.TenantIndexState.IndexVersion;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.ModelSlots;
import io.hashstream.flink.swap.SlotModel;
import io.hashstream.flink.swap.SwapClock;
import io.hashstream.flink.swap.SwapReady;
import io.hashstream.flink.swap.SwapStateMachine;
import io.hashstream.flink.swap.SwapStateMachine.Rehashed;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.registry.DeadLetterFactory;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link SwapStateMachine} asks for, done on the match function's keyed state: every
 * action visits each tenant this subtask owns through {@code applyToKeyedState} (one entry per
 * tenant: the item count), and the slots are written to broadcast state. Built per broadcast
 * element, around its context.
 */
final class IndexSwapEffects implements SwapStateMachine.Effects {
  private static final Logger LOG = LoggerFactory.getLogger(IndexSwapEffects.class);
  private static final DeadLetterFactory DEAD_LETTERS = new DeadLetterFactory("control");

  private final TenantIndexState index;
  private final AcquiredModels models;
  private final KeyedBroadcastProcessFunction<String, ?, ControlMessage, ?>.Context ctx;
  private final ControlMessage message;
  private final BroadcastState<String, ModelSlots> state;
  private final String slotsKey;
  private final ModelSlots live;
  private final SwapClock clock;
  private final boolean reportsRejections;
  private final Counter deadLettered;

  /**
   * @param live the state machine's slots (for messages)
   * @param reportsRejections whether this subtask dead-letters rejected messages (every subtask
   *     rejects a bad message alike; one dead letter is enough)
   */
  IndexSwapEffects(
      TenantIndexState index, AcquiredModels models,
      KeyedBroadcastProcessFunction<String, ?, ControlMessage, ?>.Context ctx,
      ControlMessage message, BroadcastState<String, ModelSlots> state, String slotsKey,
      ModelSlots live, SwapClock clock, boolean reportsRejections, Counter deadLettered) {
    this.index = index;
    this.models = models;
    this.ctx = ctx;
    this.message = message;
    this.state = state;
    this.slotsKey = slotsKey;
    this.live = live;
    this.clock = clock;
    this.reportsRejections = reportsRejections;
    this.deadLettered = deadLettered;
  }

  @Override
  public void load(ModelReference model) throws ModelRejectedException {
    models.acquire(model);
  }

  @Override
  public void release(String version) {
    models.release(version);
  }

  @Override
  public long startRehash(Slot target, SlotModel model) throws Exception {
    IndexVersion version = MatchFunction.versionOf(model);
    index.dropHeap(target);
    long[] total = {0};
    ctx.applyToKeyedState(TenantIndexState.itemCountDescriptor(),
        (tenant, count) -> total[0] += index.startRehash(tenant, target, version));
    return total[0];
  }

  @Override
  public Rehashed rehash(Slot target, SlotModel model, long deadlineNanos) throws Exception {
    IndexVersion version = MatchFunction.versionOf(model);
    LoadedModel coder = models.get(model.version);
    BooleanSupplier timeUp = deadlineNanos == SwapStateMachine.NO_DEADLINE
        ? () -> false
        : () -> clock.nanoTime() - deadlineNanos >= 0;
    long[] done = {0};
    boolean[] left = {false};
    ctx.applyToKeyedState(TenantIndexState.itemCountDescriptor(), (tenant, count) -> {
      // every slice re-hashes at least one batch, however short the slice, so a swap always ends
      if (index.rehashRemaining() > 0 && (done[0] == 0 || !timeUp.getAsBoolean())) {
        done[0] += index.rehashSome(tenant, target, version, coder::codes, timeUp);
      }
      left[0] |= index.rehashRemaining() > 0;
    });
    return new Rehashed(done[0], !left[0]);
  }

  @Override
  public void clear(Slot slot) throws Exception {
    ctx.applyToKeyedState(TenantIndexState.itemCountDescriptor(),
        (tenant, count) -> index.clear(tenant, slot));
    index.dropHeap(slot);
  }

  @Override
  public void save(ModelSlots slots) throws Exception {
    state.put(slotsKey, slots.copy());
  }

  @Override
  public void ready(SwapReady report) {
    ctx.output(OperatorIds.SWAP_READY, report);
  }

  @Override
  public void reject(DeadLetterReason reason, String why) {
    LOG.warn("rejected control message {}: {}", message, why);
    if (!reportsRejections) {
      return;
    }
    deadLettered.inc();
    ctx.output(OperatorIds.DEAD_LETTERS, DEAD_LETTERS.create(
        reason, why + "; the job keeps running " + live.activeModel().version, message.topic, message.partition,
        message.offset, null, message.raw, null, Instant.ofEpochMilli(ctx.currentProcessingTime())));
  }
}
