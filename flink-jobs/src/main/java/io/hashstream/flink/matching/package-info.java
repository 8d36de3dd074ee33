/**
 * Matching, keyed by tenant: {@link io.hashstream.flink.matching.MatchFunction} queries each
 * upload against its tenant's index, emits the near-duplicates, indexes the upload, and hands
 * control messages and ticks to the swap state machine, whose requests {@link
 * io.hashstream.flink.matching.IndexSwapEffects} carries out on keyed state.
 */
package io.hashstream.flink.matching;
