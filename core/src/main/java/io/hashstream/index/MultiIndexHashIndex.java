package io.hashstream.index;

import io.hashstream.code.CodeLength;
import io.hashstream.code.PackedCodes;
import io.hashstream.index.mih.ProbeScratch;
import io.hashstream.index.mih.Segment;
import io.hashstream.index.result.ItemVisitor;
import io.hashstream.index.result.MatchSink;
import io.hashstream.index.result.Matches;
import io.hashstream.index.result.NearestMatches;
import java.util.Arrays;

/**
 * An exact, sublinear {@link HammingIndex} by multi-index hashing (Norouzi, Punjani and Fleet,
 * "Fast Exact Search in Hamming Space with Multi-Index Hashing", TPAMI 2014).
 *
 * <p><b>Method.</b> Each code is cut into {@code m} contiguous substrings and each substring keys
 * one table. If two codes are within distance {@code r}, then for some table {@code j} their
 * substrings are within {@code floor((r - j) / m)} (the refined pigeonhole bound), so a query
 * probes, in table {@code j}, every bucket within that substring distance of its own substring and
 * verifies each candidate by full distance. Each item is reported at the first (table, substring
 * distance) that meets it, so no visited-set is kept. k-NN widens the radius stage by stage until
 * the k-th best distance is covered.
 *
 * <p><b>Exact.</b> Range search returns exactly the brute-force set at every radius; {@code
 * nearest} exactly the first k of the brute-force ranking by (distance, id).
 *
 * <p><b>Structure.</b> The newest items (up to {@link MultiIndexHashConfig#bufferCapacity()}) sit
 * in an unindexed buffer that every query scans. A full buffer is sealed into level 0; levels are
 * immutable {@link Segment}s in compressed-sparse-row layout, level {@code L} holding up to {@code
 * bufferCapacity · levelRatio^(L+1)} items, and a level that overflows is merged into the next
 * (leveled LSM), so a query visits the buffer plus at most one segment per level, about {@code
 * log_levelRatio(n / bufferCapacity)} of them.
 *
 * <p><b>Substring count rule.</b> Each segment picks its own {@code m} from its size {@code n}:
 * {@code m = ceil(bits / floor(log2 n))}, so a substring has at most {@code floor(log2 n)} bits and
 * a bucket holds one item or more (Norouzi et al. use {@code bits / log2 n}; rounding up keeps the
 * directories unfolded at 1M and 10M 64-bit items, where it measured faster). At least {@code
 * ceil(bits / 32)}; at most 4 for codes of up to 64 bits (the 32-byte budget: 16 bytes of code and
 * id plus 4 per extra table) and {@code bits / 8} for longer ones. For 64-bit codes: {@code m = 4}
 * below 2^22 (4,194,304) items, {@code m = 3} from there on. {@link
 * MultiIndexHashConfig#substringCount()} overrides the rule.
 *
 * <p><b>Scan fallback.</b> Probing cost grows as {@code C(width, floor(r / m))}, so past some
 * radius a scan is cheaper. Each segment estimates, at build time, the cost of the stages up to
 * each radius, one bucket probe costing {@value Segment#PROBE_COST_IN_SCANNED_CODES} scanned
 * codes and one candidate {@value Segment#CANDIDATE_COST_IN_SCANNED_CODES} (fitted to the
 * crossovers measured on the benchmark machine), and scans itself at every radius from the first
 * whose cost reaches a scan of the segment: its {@link #scanFallbackRadius()}, and {@link
 * #scanFallbackRadius(CodeLength, int)} for a given size. For 64-bit codes that is radius {@value #FALLBACK_RADIUS_64_AT_1M} at 1M items
 * and {@value #FALLBACK_RADIUS_64_AT_10M} at 10M. A query is exact either way.
 *
 * <p><b>Cost per call</b> (n items, one-word codes, uniform codes). {@code rangeSearch}: the buffer
 * scan plus, per segment, {@code sum_j C(width_j, <= floor((r - j) / m))} bucket probes (about 2
 * cache misses each) and about {@code n / 2^width} candidates per probe (contiguous in table 0, a
 * random read each in the others). At 10M uniform 64-bit codes: about 0.2 us at radius 0, 15 us at
 * 4, 150 to 320 us at 8 (DRAM-latency bound, so it varies with co-tenant load) against a 10 to 25
 * ms scan; BENCHMARKS.md has the ratios. {@code insert}: amortised O(levels · levelRatio / 2 · m)
 * array writes, with a stall of one segment rebuild (O(n · m), about a second per 10M items) each
 * time the largest level is rewritten. {@code remove}: the buffer scan plus one table-0 bucket
 * walk per segment.
 *
 * <p><b>Bytes per item</b> ({@link #estimatedFootprintBytes()}): code + id ({@code 8 · words + 8}),
 * an {@code int} posting per table but the first, and the directories ({@code 4 · 2^dirBits} bytes
 * per table, kept under about one byte per item); for 64-bit codes that is at most 32 bytes per
 * item once the buffer is a small fraction of the index: estimated 27.4 at 10M items and 29.1 at
 * 1M, measured on the heap 29.8 and 30.5 (BENCHMARKS.md). A merge temporarily needs the merged
 * segments' size again.
 *
 * <p><b>Allocation.</b> Queries allocate nothing ({@code nearest} once its heap has grown to
 * {@code k}). {@code insert} allocates when the buffer seals (the new segment, and any merged
 * ones); {@code remove} allocates a segment's tombstone bitset on its first removal; {@code
 * compact} rebuilds everything into one segment.
 *
 * <p><b>Tombstones.</b> Removal from the buffer deletes in place; removal from a segment marks a
 * tombstone. Tombstoned items are skipped by queries, dropped when their segment is merged, and a
 * segment whose tombstones pass half its items is rebuilt at once. {@link #compact()} drops all.
 *
 * <p><b>Threads.</b> Single-writer, not synchronised (see {@link HammingIndex}).
 */
public final class MultiIndexHashIndex implements HammingIndex {
  /** The fallback radius the cost model gives a bulk-loaded 1M-item segment of 64-bit codes. */
  public static final int FALLBACK_RADIUS_64_AT_1M = 14;

  /** The fallback radius the cost model gives a bulk-loaded 10M-item segment of 64-bit codes. */
  public static final int FALLBACK_RADIUS_64_AT_10M = 16;

  private final CodeLength length;
  private final int words;
  private final MultiIndexHashConfig config;
  private final long[] bufferCodes;
  private final long[] bufferIds;
  private int bufferSize;
  private Segment[] levels = new Segment[0];
  private final NearestMatches nearest = new NearestMatches();
  private final ProbeScratch scratch = new ProbeScratch();

  /** Creates an empty index with {@link MultiIndexHashConfig#DEFAULT}. */
  public MultiIndexHashIndex(CodeLength length) {
    this(length, MultiIndexHashConfig.DEFAULT);
  }

  /** Creates an empty index; allocates the buffer ({@code bufferCapacity} items). */
  public MultiIndexHashIndex(CodeLength length, MultiIndexHashConfig config) {
    this.length = length;
    this.words = length.words();
    this.config = config;
    this.bufferIds = new long[config.bufferCapacity()];
    this.bufferCodes = new long[config.bufferCapacity() * words];
  }

  /** Returns the configuration. */
  public MultiIndexHashConfig config() {
    return config;
  }

  @Override
  public CodeLength codeLength() {
    return length;
  }

  @Override
  public int size() {
    int size = bufferSize;
    for (Segment segment : levels) {
      size += segment == null ? 0 : segment.live();
    }
    return size;
  }

  /** Returns the number of segments (non-empty levels). */
  public int segmentCount() {
    int count = 0;
    for (Segment segment : levels) {
      count += segment == null ? 0 : 1;
    }
    return count;
  }

  /** Returns the substring count of the largest segment (0 if there is none). */
  public int substringCount() {
    Segment largest = largest();
    return largest == null ? 0 : largest.substringCount();
  }

  /**
   * Returns the scan-fallback radius of the largest segment ({@link Integer#MAX_VALUE} if there is
   * none or the fallback is off): from this radius on, that segment scans.
   */
  public int scanFallbackRadius() {
    Segment largest = largest();
    return largest == null ? Integer.MAX_VALUE : largest.scanFallbackRadius();
  }

  /** Returns the substring count the rule above gives a segment of {@code n} codes of this length. */
  public static int substringCount(CodeLength length, int n) {
    return Segment.substringCountFor(length, n);
  }

  /**
   * Returns the scan-fallback radius the cost model gives a segment of {@code n} codes of this
   * length under the substring count rule: from this radius on, such a segment scans.
   */
  public static int scanFallbackRadius(CodeLength length, int n) {
    return Segment.fallbackRadiusFor(length, n, 0);
  }

  private Segment largest() {
    Segment largest = null;
    for (Segment segment : levels) {
      if (segment != null && (largest == null || segment.size() > largest.size())) {
        largest = segment;
      }
    }
    return largest;
  }

  /** Adds an item to the buffer, sealing the buffer into a segment (and merging) when it is full. */
  @Override
  public void insert(long itemId, long[] code, int offset) {
    PackedCodes.requireValid(length, code, offset);
    System.arraycopy(code, offset, bufferCodes, bufferSize * words, words);
    bufferIds[bufferSize++] = itemId;
    if (bufferSize == bufferIds.length) {
      long[] codes = Arrays.copyOf(bufferCodes, bufferSize * words);
      long[] ids = Arrays.copyOf(bufferIds, bufferSize);
      int n = bufferSize;
      bufferSize = 0;
      place(codes, ids, n);
    }
  }

  /**
   * Adds {@code n} items at once ({@code ids[i]} with the code at {@code codes[codesOffset + i ·
   * words]}): they and the buffer go into one segment, built in O(n · m), at the first level that
   * can hold them. The fast way to load or restore an index.
   */
  public void insertAll(long[] ids, long[] codes, int codesOffset, int n) {
    for (int i = 0; i < n; i++) {
      PackedCodes.requireValid(length, codes, codesOffset + i * words);
    }
    int total = bufferSize + n;
    long[] allCodes = Arrays.copyOf(bufferCodes, total * words);
    long[] allIds = Arrays.copyOf(bufferIds, total);
    System.arraycopy(codes, codesOffset, allCodes, bufferSize * words, n * words);
    System.arraycopy(ids, 0, allIds, bufferSize, n);
    bufferSize = 0;
    place(allCodes, allIds, total);
  }

  /**
   * Places a run of items: from level 0 up, merges it with each occupied level, and leaves the
   * result at the first level whose capacity holds it.
   */
  private void place(long[] codes, long[] ids, int n) {
    for (int level = 0; n > 0; level++) {
      if (level == levels.length) {
        levels = Arrays.copyOf(levels, level + 1);
      }
      Segment resident = levels[level];
      if (resident != null) {
        int total = resident.live() + n;
        long[] mergedCodes = new long[total * words];
        long[] mergedIds = new long[total];
        int at = resident.copyLiveTo(mergedCodes, mergedIds, 0);
        System.arraycopy(codes, 0, mergedCodes, at * words, n * words);
        System.arraycopy(ids, 0, mergedIds, at, n);
        levels[level] = null;
        codes = mergedCodes;
        ids = mergedIds;
        n = total;
      }
      if (n <= capacity(level)) {
        levels[level] = build(codes, ids, n);
        return;
      }
    }
  }

  private long capacity(int level) {
    long capacity = config.bufferCapacity();
    for (int i = 0; i <= level && capacity < Integer.MAX_VALUE; i++) {
      capacity *= config.levelRatio();
    }
    return capacity;
  }

  private Segment build(long[] codes, long[] ids, int n) {
    return Segment.build(length, codes, ids, n, config.substringCount(), config.scanFallback());
  }

  /**
   * Removes one copy of (id, code): deleted in place from the buffer, or tombstoned in its segment
   * (which is rebuilt without tombstones once they pass half of it).
   */
  @Override
  public boolean remove(long itemId, long[] code, int offset) {
    PackedCodes.requireValid(length, code, offset);
    if (ScanIndex.removeSwapping(bufferCodes, bufferIds, bufferSize, words, itemId, code, offset)) {
      bufferSize--;
      return true;
    }
    for (int level = 0; level < levels.length; level++) {
      Segment segment = levels[level];
      if (segment != null && segment.remove(itemId, code, offset)) {
        if (2 * segment.deadCount() > segment.size()) {
          levels[level] = rebuildLive(segment);
        }
        return true;
      }
    }
    return false;
  }

  private Segment rebuildLive(Segment segment) {
    int live = segment.live();
    if (live == 0) {
      return null;
    }
    long[] codes = new long[live * words];
    long[] ids = new long[live];
    segment.copyLiveTo(codes, ids, 0);
    return build(codes, ids, live);
  }

  /** Rebuilds buffer and every segment into one tombstone-free segment. */
  @Override
  public void compact() {
    int total = size();
    long[] codes = new long[total * words];
    long[] ids = new long[total];
    System.arraycopy(bufferCodes, 0, codes, 0, bufferSize * words);
    System.arraycopy(bufferIds, 0, ids, 0, bufferSize);
    int at = bufferSize;
    for (Segment segment : levels) {
      if (segment != null) {
        at = segment.copyLiveTo(codes, ids, at);
      }
    }
    bufferSize = 0;
    levels = new Segment[0];
    place(codes, ids, total);
  }

  @Override
  public void rangeSearch(long[] query, int offset, int radius, MatchSink sink) {
    PackedCodes.requireValid(length, query, offset);
    if (radius < 0) {
      throw new IllegalArgumentException("negative radius " + radius);
    }
    ScanIndex.scan(bufferCodes, bufferIds, bufferSize, words, query, offset, radius, sink);
    for (Segment segment : levels) {
      if (segment != null) {
        segment.rangeSearch(query, offset, radius, sink, scratch);
      }
    }
  }

  @Override
  public void nearest(long[] query, int offset, int k, Matches out) {
    PackedCodes.requireValid(length, query, offset);
    nearest.reset(k);
    ScanIndex.scan(
        bufferCodes, bufferIds, bufferSize, words, query, offset, Integer.MAX_VALUE, nearest);
    for (int level = levels.length - 1; level >= 0; level--) {
      if (levels[level] != null) {
        levels[level].nearest(query, offset, nearest, scratch);
      }
    }
    nearest.drainTo(out);
  }

  @Override
  public void forEach(ItemVisitor visitor) {
    for (int i = 0; i < bufferSize; i++) {
      visitor.visit(bufferIds[i], bufferCodes, i * words);
    }
    for (Segment segment : levels) {
      if (segment != null) {
        segment.forEach(visitor);
      }
    }
  }

  @Override
  public long estimatedFootprintBytes() {
    long bytes = 64 + 16 + 8L * bufferCodes.length + 16 + 8L * bufferIds.length;
    bytes += 16 + 4L * levels.length;
    for (Segment segment : levels) {
      bytes += segment == null ? 0 : segment.footprintBytes();
    }
    return bytes;
  }
}
