package io.hashstream.index.result;

/**
 * Receives the matches of a query, one call per matching item, in no particular order.
 *
 * <p>A sink must not modify the index that calls it (queries and mutations are single-threaded,
 * and a query's scratch state is not re-entrant).
 */
@FunctionalInterface
public interface MatchSink {
  /** Receives one match: the item's id and its Hamming distance to the query. */
  void match(long itemId, int distance);
}
