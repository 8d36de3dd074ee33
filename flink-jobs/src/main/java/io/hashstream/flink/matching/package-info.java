/**
 * Matching, keyed by tenant: {@link io.hashstream.flink.matching.MatchFunction} queries each
 * upload against its tenant's index, emits the near-duplicates, indexes the upload, and carries
 * out model hot swaps arriving on the broadcast control stream.
 */
package io.hashstream.flink.matching;
