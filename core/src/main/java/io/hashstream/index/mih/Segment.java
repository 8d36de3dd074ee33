package io.hashstream.index.mih;

import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.index.result.ItemVisitor;
import io.hashstream.index.result.MatchSink;
import io.hashstream.index.result.NearestMatches;
import java.util.Arrays;

/**
 * An immutable multi-index hash segment over a fixed set of items, plus a tombstone bitset: the
 * storage and search behind {@link io.hashstream.index.MultiIndexHashIndex}. Public only so that
 * class can hold it; it makes no API promises of its own.
 *
 * <p>Layout (compressed sparse rows): codes and ids are stored sorted by their table-0 bucket, so
 * table 0 needs only a directory ({@code offsets[0][b] .. offsets[0][b + 1]} is a run of the code
 * array and is verified sequentially). Every other table {@code j} has a directory and an {@code
 * int} posting per item (a position in the code array). See {@link TableLayout} for the cut.
 *
 * <p>Search runs in <i>stages</i>: stage {@code P = m · t + j} probes the buckets of table {@code
 * j} whose substring is at distance exactly {@code t} from the query's. After stage {@code P}
 * every item within full distance {@code P} has been met; an item is reported only at its first
 * stage ({@link TableLayout#firstStage}), so no item is reported twice and no visited-set is
 * needed. A range search of radius {@code r} runs stages {@code 0..r}; a k-NN search runs stages
 * until the k-th best distance is at most the stage. When the stages' estimated cost passes a scan
 * of the segment ({@link #scanFallbackRadius()}), the segment is scanned instead.
 */
public final class Segment {
  /**
   * Cost-model weight of one bucket probe, in scanned codes: a probe is a directory read and, for
   * tables after the first, a posting read, each a likely cache miss on large segments.
   */
  public static final int PROBE_COST_IN_SCANNED_CODES = 64;

  /** Cost-model weight of one candidate verified (per word), in scanned codes. */
  public static final int CANDIDATE_COST_IN_SCANNED_CODES = 32;

  private final TableLayout layout;
  private final int n;
  private final int words;
  private final int m;
  private final long[] codes;
  private final long[] ids;
  private final int[][] offsets;
  private final int[][] postings;
  private final int scanFallbackRadius;
  private final int nearestFallbackStage;
  private long[] dead;
  private int deadCount;

  private Segment(
      TableLayout layout,
      int n,
      long[] codes,
      long[] ids,
      int[][] offsets,
      int[][] postings,
      boolean scanFallback) {
    this.layout = layout;
    this.n = n;
    this.words = layout.words;
    this.m = layout.m;
    this.codes = codes;
    this.ids = ids;
    this.offsets = offsets;
    this.postings = postings;
    this.nearestFallbackStage = fallbackRadius(layout, n);
    this.scanFallbackRadius = scanFallback ? nearestFallbackStage : Integer.MAX_VALUE;
  }

  /**
   * Builds a segment over the first {@code n} items of {@code codes}/{@code ids} (copied; the
   * arguments are not kept). Two counting-sort passes per table, O(n · m + directory size) time;
   * allocates the segment's arrays plus an {@code int[n]} of scratch.
   *
   * @param substringCount tables to use, or 0 for the rule of {@link TableLayout#substringCount}
   * @param scanFallback whether range queries past the cost-model radius scan instead of probing
   *     (k-NN always follows the cost model: without it, a k-th neighbour far away would make it
   *     enumerate nearly every bucket)
   */
  public static Segment build(
      CodeLength length,
      long[] codes,
      long[] ids,
      int n,
      int substringCount,
      boolean scanFallback) {
    TableLayout layout = TableLayout.forSize(length, n, substringCount);
    int words = layout.words;
    int[] bucketOf = new int[n];
    int[][] offsets = new int[layout.m][];
    int[][] postings = new int[layout.m][];

    offsets[0] = countBuckets(layout, 0, codes, n, bucketOf);
    int[] cursor = Arrays.copyOf(offsets[0], offsets[0].length - 1);
    long[] sortedCodes = new long[n * words];
    long[] sortedIds = new long[n];
    for (int i = 0; i < n; i++) {
      int at = cursor[bucketOf[i]]++;
      System.arraycopy(codes, i * words, sortedCodes, at * words, words);
      sortedIds[at] = ids[i];
    }
    for (int j = 1; j < layout.m; j++) {
      offsets[j] = countBuckets(layout, j, sortedCodes, n, bucketOf);
      cursor = Arrays.copyOf(offsets[j], offsets[j].length - 1);
      int[] posting = new int[n];
      for (int i = 0; i < n; i++) {
        posting[cursor[bucketOf[i]]++] = i;
      }
      postings[j] = posting;
    }
    return new Segment(layout, n, sortedCodes, sortedIds, offsets, postings, scanFallback);
  }

  /** Fills {@code bucketOf} with table {@code j}'s bucket per item; returns the directory. */
  private static int[] countBuckets(
      TableLayout layout, int j, long[] codes, int n, int[] bucketOf) {
    int[] offsets = new int[(1 << layout.dirBits[j]) + 1];
    for (int i = 0; i < n; i++) {
      int b = layout.bucket(j, layout.key(codes, i * layout.words, j));
      bucketOf[i] = b;
      offsets[b + 1]++;
    }
    for (int b = 1; b < offsets.length; b++) {
      offsets[b] += offsets[b - 1];
    }
    return offsets;
  }

  /** Returns the substring count a segment of {@code n} items of this length gets by the rule. */
  public static int substringCountFor(CodeLength length, int n) {
    return TableLayout.substringCount(length, n);
  }

  /**
   * Returns the scan-fallback radius a segment of {@code n} items of this length would get (see
   * {@link #scanFallbackRadius()}), without building it.
   */
  public static int fallbackRadiusFor(CodeLength length, int n, int substringCount) {
    return fallbackRadius(TableLayout.forSize(length, n, substringCount), n);
  }

  /**
   * The cost model: the smallest radius whose stages are estimated to cost at least a scan of the
   * segment. A probe costs {@value #PROBE_COST_IN_SCANNED_CODES} scanned codes and each candidate
   * in a probed bucket (per word) {@value #CANDIDATE_COST_IN_SCANNED_CODES}.
   */
  private static int fallbackRadius(TableLayout layout, int n) {
    double scanCost = (double) n * layout.words;
    double cost = 0;
    for (int stage = 0; ; stage++) {
      int t = stage / layout.m;
      int j = stage % layout.m;
      if (t > layout.width[j]) {
        if (t > TableLayout.MAX_SUBSTRING_BITS) {
          return stage;
        }
        continue;
      }
      double probes = binomial(layout.width[j], t);
      double perBucket = (double) n / (1L << layout.dirBits[j]);
      cost +=
          probes
              * (PROBE_COST_IN_SCANNED_CODES
                  + perBucket * layout.words * CANDIDATE_COST_IN_SCANNED_CODES);
      if (cost >= scanCost) {
        return stage;
      }
    }
  }

  private static double binomial(int n, int k) {
    double c = 1;
    for (int i = 0; i < k; i++) {
      c = c * (n - i) / (i + 1);
    }
    return c;
  }

  /** Returns the number of items stored, tombstoned ones included. */
  public int size() {
    return n;
  }

  /** Returns the number of live items. */
  public int live() {
    return n - deadCount;
  }

  /** Returns the number of tombstoned items. */
  public int deadCount() {
    return deadCount;
  }

  /** Returns the number of substring tables. */
  public int substringCount() {
    return m;
  }

  /** Returns the smallest radius at which this segment's range search scans instead of probing. */
  public int scanFallbackRadius() {
    return scanFallbackRadius;
  }

  /** Reports every live item within {@code radius} of the query, once each. */
  public void rangeSearch(
      long[] query, int offset, int radius, MatchSink sink, ProbeScratch scratch) {
    if (radius >= scanFallbackRadius) {
      scan(query, offset, radius, -1, sink);
      return;
    }
    scratch.begin(query, offset, radius, sink, null);
    for (int j = 0; j < m && j <= radius; j++) {
      probeTable(j, 0, Math.min((radius - j) / m, layout.width[j]), scratch);
    }
    scratch.end();
  }

  /**
   * Offers this segment's items to {@code top} in stage order until no unmet item can enter it
   * (the k-th best distance is at most the last stage) or the next stage passes the cost model's
   * fallback radius, in which case the items not yet met are scanned.
   */
  public void nearest(long[] query, int offset, NearestMatches top, ProbeScratch scratch) {
    int lastStage = m * (layout.width[0] + 1);
    for (int stage = 0; stage < lastStage; stage++) {
      if (stage >= nearestFallbackStage) {
        scan(query, offset, Integer.MAX_VALUE, stage, top);
        return;
      }
      int t = stage / m;
      int j = stage % m;
      if (t <= layout.width[j]) {
        scratch.begin(query, offset, Integer.MAX_VALUE, null, top);
        probeTable(j, t, t, scratch);
        scratch.end();
      }
      if (top.isFull() && top.worstDistance() <= stage) {
        return;
      }
    }
  }

  /**
   * Probes every bucket of table {@code j} whose substring is at distance {@code minT..maxT} from
   * the query's (Gosper's hack enumerates the {@code C(width, t)} flip masks of each distance),
   * in batches of {@link ProbeScratch#PROBES}.
   */
  private void probeTable(int j, int minT, int maxT, ProbeScratch s) {
    long queryKey = layout.key(s.query, s.queryOffset, j);
    long limit = 1L << layout.width[j];
    s.probes = 0;
    for (int t = minT; t <= maxT; t++) {
      if (t == 0) {
        addProbe(j, queryKey, s);
        continue;
      }
      long flips = (1L << t) - 1;
      while (flips < limit) {
        addProbe(j, queryKey ^ flips, s);
        long lowest = flips & -flips;
        long ripple = flips + lowest;
        flips = ripple | ((ripple ^ flips) >>> (Long.numberOfTrailingZeros(lowest) + 2));
      }
    }
    flushProbes(j, s);
  }

  private void addProbe(int j, long key, ProbeScratch s) {
    s.keys[s.probes++] = key;
    if (s.probes == ProbeScratch.PROBES) {
      flushProbes(j, s);
    }
  }

  /**
   * Reads the batch's bucket ranges, gathers the candidates' positions, filters them by full
   * distance in a tight loop and hands the few survivors to {@link #accept}. Each phase is a loop
   * of independent loads, so the cache misses of a large segment overlap.
   */
  private void flushProbes(int j, ProbeScratch s) {
    int probes = s.probes;
    s.probes = 0;
    int[] directory = offsets[j];
    for (int i = 0; i < probes; i++) {
      int bucket = layout.bucket(j, s.keys[i]);
      s.from[i] = directory[bucket];
      s.to[i] = directory[bucket + 1];
    }
    int[] posting = postings[j];
    boolean folded = layout.folded(j);
    int gathered = 0;
    for (int i = 0; i < probes; i++) {
      for (int p = s.from[i]; p < s.to[i]; p++) {
        s.candidates[gathered] = posting == null ? p : posting[p];
        if (folded) {
          s.candidateProbe[gathered] = i;
        }
        if (++gathered == ProbeScratch.CANDIDATES) {
          filter(j, gathered, folded, s);
          gathered = 0;
        }
      }
    }
    filter(j, gathered, folded, s);
  }

  /** Passes the gathered candidates within the current distance limit on to {@link #accept}. */
  private void filter(int j, int count, boolean folded, ProbeScratch s) {
    int limit = s.limit();
    int[] candidates = s.candidates;
    int[] hits = s.hits;
    int hitCount = 0;
    if (words == 1) {
      long q = s.query[s.queryOffset];
      for (int c = 0; c < count; c++) {
        hits[hitCount] = c;
        hitCount += Long.bitCount(codes[candidates[c]] ^ q) <= limit ? 1 : 0;
      }
    } else {
      for (int c = 0; c < count; c++) {
        hits[hitCount] = c;
        int d = Hamming.distance(codes, candidates[c] * words, s.query, s.queryOffset, words);
        hitCount += d <= limit ? 1 : 0;
      }
    }
    for (int h = 0; h < hitCount; h++) {
      int c = hits[h];
      accept(j, candidates[c], folded ? s.keys[s.candidateProbe[c]] : -1, s);
    }
  }

  /**
   * Reports the item at {@code pos}, met in table {@code j} through a probe of key {@code key}
   * ({@code -1}: the table is not folded, so the key matches), if it is still within the limit,
   * its key is the probed one (folded buckets mix keys), it is live and this is its first stage.
   */
  private void accept(int j, int pos, long key, ProbeScratch s) {
    int d = Hamming.distance(codes, pos * words, s.query, s.queryOffset, words);
    if (d > s.limit()) {
      return;
    }
    if (key != -1 && layout.key(codes, pos * words, j) != key) {
      return;
    }
    if (isDead(pos) || !layout.firstMeetsAt(codes, pos * words, s.query, s.queryOffset, j)) {
      return;
    }
    (s.top != null ? s.top : s.sink).match(ids[pos], d);
  }

  /**
   * Scans the segment: reports live items within {@code radius}; with {@code fromStage >= 0} only
   * those a stage search has not met yet (first stage at or after {@code fromStage}). The distance
   * loop is as tight as {@code ScanIndex}'s; everything else runs only for items within the limit.
   */
  private void scan(long[] query, int qOffset, int radius, int fromStage, MatchSink sink) {
    NearestMatches top = sink instanceof NearestMatches ? (NearestMatches) sink : null;
    int limit = top == null ? radius : Math.min(radius, top.worstDistance());
    long q = query[qOffset];
    for (int pos = 0; pos < n; pos++) {
      int d =
          words == 1
              ? Long.bitCount(codes[pos] ^ q)
              : Hamming.distance(codes, pos * words, query, qOffset, words);
      if (d <= limit
          && !isDead(pos)
          && (fromStage < 0
              || layout.firstStage(codes, pos * words, query, qOffset) >= fromStage)) {
        sink.match(ids[pos], d);
        limit = top == null ? radius : Math.min(radius, top.worstDistance());
      }
    }
  }

  private boolean isDead(int pos) {
    return dead != null && (dead[pos >>> 6] & (1L << pos)) != 0;
  }

  /**
   * Tombstones one live copy of (id, code) if the segment holds one; a radius-0 walk of one
   * table-0 bucket. Allocates the tombstone bitset ({@code n / 8} bytes) on the first removal.
   */
  public boolean remove(long itemId, long[] code, int offset) {
    long key = layout.key(code, offset, 0);
    int bucket = layout.bucket(0, key);
    for (int pos = offsets[0][bucket]; pos < offsets[0][bucket + 1]; pos++) {
      if (ids[pos] == itemId
          && !isDead(pos)
          && Hamming.equal(codes, pos * words, code, offset, words)) {
        if (dead == null) {
          dead = new long[(n + 63) >>> 6];
        }
        dead[pos >>> 6] |= 1L << pos;
        deadCount++;
        return true;
      }
    }
    return false;
  }

  /** Copies the live items to {@code codesOut}/{@code idsOut} from item {@code at}; returns the end. */
  public int copyLiveTo(long[] codesOut, long[] idsOut, int at) {
    for (int pos = 0; pos < n; pos++) {
      if (!isDead(pos)) {
        System.arraycopy(codes, pos * words, codesOut, at * words, words);
        idsOut[at++] = ids[pos];
      }
    }
    return at;
  }

  /** Visits every live item. */
  public void forEach(ItemVisitor visitor) {
    for (int pos = 0; pos < n; pos++) {
      if (!isDead(pos)) {
        visitor.visit(ids[pos], codes, pos * words);
      }
    }
  }

  /** Returns the heap bytes of the segment's arrays and headers. */
  public long footprintBytes() {
    long bytes = 64 + arrayBytes(8, codes.length) + arrayBytes(8, ids.length);
    bytes += 2 * (16 + 4L * m) + (dead == null ? 0 : arrayBytes(8, dead.length));
    for (int j = 0; j < m; j++) {
      bytes += arrayBytes(4, offsets[j].length);
      bytes += postings[j] == null ? 0 : arrayBytes(4, postings[j].length);
    }
    return bytes;
  }

  private static long arrayBytes(int elementBytes, int length) {
    return 16 + (long) elementBytes * length;
  }
}
