/**
 * The two-phase hot swap: {@link io.hashstream.flink.swap.SwapStateMachine} (plain Java: what each
 * {@code PREPARE}, {@code ACTIVATE} and tick does to the two index slots, paced by {@link
 * io.hashstream.flink.swap.SwapProgress}), which model each slot serves ({@link
 * io.hashstream.flink.swap.ModelSlots}, the broadcast state), each subtask's {@link
 * io.hashstream.flink.swap.SwapReady} report, the {@link io.hashstream.flink.swap.SwapCoordinator}
 * that writes {@code ACTIVATE} once every subtask is ready, and the {@link
 * io.hashstream.flink.swap.SwapTicker} whose ticks drive the re-hash slices.
 *
 * <pre>{@code
 * SwapStateMachine swap = new SwapStateMachine(slots, sliceNanos, pauseNanos, SwapClock.system(), 0, 2);
 * swap.onControl(prepareV2, effects);     // loads v2, starts the re-hash, runs the first slice
 * swap.onTick(nowMillis, effects);        // next slice; reports SwapReady once nothing is left
 * swap.onControl(activateV2, effects);    // queries switch to v2's slot, the old slot is dropped
 * }</pre>
 */
package io.hashstream.flink.swap;
