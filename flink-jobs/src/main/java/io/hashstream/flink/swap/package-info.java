/**
 * The two-phase hot swap's messages and state: control messages from {@code hashcoder-control}
 * ({@link io.hashstream.flink.swap.ControlDecodeFunction}), which model each index slot serves
 * ({@link io.hashstream.flink.swap.ModelSlots}, the broadcast state), each subtask's {@link
 * io.hashstream.flink.swap.SwapReady} report, and the {@link io.hashstream.flink.swap.SwapCoordinator}
 * that writes {@code ACTIVATE} once every subtask is ready.
 */
package io.hashstream.flink.swap;
