package io.hashstream.index.mih;

import io.hashstream.index.result.MatchSink;
import io.hashstream.index.result.NearestMatches;

/**
 * Per-index scratch of a segment search, so queries allocate nothing: the query being answered and
 * fixed-size batches of probed keys, bucket ranges and candidate positions.
 *
 * <p>Batching is what makes probing fast on large segments: first every probed bucket's range is
 * read (independent cache misses the CPU overlaps), then every candidate position, then every
 * candidate code, instead of one dependent chain of misses per bucket. About 40 KB; one per index,
 * used by one thread.
 */
public final class ProbeScratch {
  static final int PROBES = 512;
  static final int CANDIDATES = 2048;

  final long[] keys = new long[PROBES];
  final int[] from = new int[PROBES];
  final int[] to = new int[PROBES];
  int probes;

  final int[] candidates = new int[CANDIDATES];
  final int[] candidateProbe = new int[CANDIDATES];
  final int[] hits = new int[CANDIDATES];

  long[] query;
  int queryOffset;
  int radius;
  MatchSink sink;
  NearestMatches top;

  /** Creates empty scratch. */
  public ProbeScratch() {}

  void begin(long[] query, int queryOffset, int radius, MatchSink sink, NearestMatches top) {
    this.query = query;
    this.queryOffset = queryOffset;
    this.radius = radius;
    this.sink = sink;
    this.top = top;
    this.probes = 0;
  }

  /** Drops the references to the query and its sink once the search is done. */
  void end() {
    this.query = null;
    this.sink = null;
    this.top = null;
  }

  /** The current distance limit: the radius, or the worst distance that may still enter top k. */
  int limit() {
    return top == null ? radius : Math.min(radius, top.worstDistance());
  }
}
