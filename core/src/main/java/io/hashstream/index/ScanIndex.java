package io.hashstream.index;

import io.hashstream.code.CodeLength;
import io.hashstream.code.Hamming;
import io.hashstream.code.PackedCodes;
import io.hashstream.index.result.ItemVisitor;
import io.hashstream.index.result.MatchSink;
import io.hashstream.index.result.Matches;
import io.hashstream.index.result.NearestMatches;
import java.util.Arrays;

/**
 * A linear-scan {@link HammingIndex}: codes and ids in two flat arrays, every query computes the
 * distance to every item.
 *
 * <p><b>Exact</b> at every radius. <b>Cost:</b> a query is O(n · words) with one {@link
 * Long#bitCount} per word (about 1.4 ns per 64-bit code per thread here, memory-bandwidth bound);
 * {@link #nearest} adds O(log k) per item that enters the top k. {@link #insert} is amortised O(1);
 * {@link #remove} is O(n) (it looks for the pair, then moves the last item into its slot, so no
 * tombstones are kept). <b>Bytes per item:</b> {@code 8 · words + 8} (16 for 64-bit codes) plus up
 * to 50% growth slack that {@link #compact} drops. <b>Allocation:</b> only when the arrays grow;
 * queries allocate nothing once {@code nearest}'s heap has reached {@code k}. <b>Threads:</b>
 * single-writer (see {@link HammingIndex}).
 *
 * <p>This is both the small-shard representation ({@link IndexShard} starts with one) and the
 * baseline every benchmark ratio is taken against.
 */
public final class ScanIndex implements HammingIndex {
  private final CodeLength length;
  private final int words;
  private long[] codes;
  private long[] ids;
  private int size;
  private final NearestMatches nearest = new NearestMatches();

  /** Creates an empty index. */
  public ScanIndex(CodeLength length) {
    this(length, 16);
  }

  /** Creates an empty index with room for {@code capacity} items. */
  public ScanIndex(CodeLength length, int capacity) {
    this.length = length;
    this.words = length.words();
    this.ids = new long[Math.max(capacity, 1)];
    this.codes = new long[ids.length * words];
  }

  @Override
  public CodeLength codeLength() {
    return length;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void insert(long itemId, long[] code, int offset) {
    PackedCodes.requireValid(length, code, offset);
    if (size == ids.length) {
      int grown = Math.toIntExact(Math.min((long) size + (size >> 1) + 1, Integer.MAX_VALUE - 8));
      ids = Arrays.copyOf(ids, grown);
      codes = Arrays.copyOf(codes, Math.multiplyExact(grown, words));
    }
    System.arraycopy(code, offset, codes, size * words, words);
    ids[size++] = itemId;
  }

  @Override
  public boolean remove(long itemId, long[] code, int offset) {
    PackedCodes.requireValid(length, code, offset);
    if (removeSwapping(codes, ids, size, words, itemId, code, offset)) {
      size--;
      return true;
    }
    return false;
  }

  /**
   * Finds (id, code) among the first {@code n} items of {@code codes}/{@code ids}; if it is there,
   * moves item {@code n - 1} into its slot and returns true, and the caller drops its last item.
   * Shared by every index that keeps an unindexed run of codes.
   */
  static boolean removeSwapping(
      long[] codes, long[] ids, int n, int words, long itemId, long[] code, int offset) {
    for (int i = 0; i < n; i++) {
      if (ids[i] == itemId && Hamming.equal(codes, i * words, code, offset, words)) {
        ids[i] = ids[n - 1];
        System.arraycopy(codes, (n - 1) * words, codes, i * words, words);
        return true;
      }
    }
    return false;
  }

  @Override
  public void compact() {
    ids = Arrays.copyOf(ids, Math.max(size, 1));
    codes = Arrays.copyOf(codes, ids.length * words);
  }

  @Override
  public void rangeSearch(long[] query, int offset, int radius, MatchSink sink) {
    PackedCodes.requireValid(length, query, offset);
    if (radius < 0) {
      throw new IllegalArgumentException("negative radius " + radius);
    }
    scan(codes, ids, size, words, query, offset, radius, sink);
  }

  @Override
  public void nearest(long[] query, int offset, int k, Matches out) {
    PackedCodes.requireValid(length, query, offset);
    nearest.reset(k);
    scan(codes, ids, size, words, query, offset, Integer.MAX_VALUE, nearest);
    nearest.drainTo(out);
  }

  /**
   * Reports every item of {@code codes}/{@code ids} (the first {@code n}) within {@code radius} of
   * the query to {@code sink}; if the sink is a {@link NearestMatches}, items that cannot enter it
   * are skipped before the call. Shared by every index that keeps an unindexed run of codes.
   */
  static void scan(
      long[] codes,
      long[] ids,
      int n,
      int words,
      long[] query,
      int offset,
      int radius,
      MatchSink sink) {
    NearestMatches top = sink instanceof NearestMatches ? (NearestMatches) sink : null;
    if (words == 1) {
      long q = query[offset];
      for (int i = 0; i < n; i++) {
        int d = Long.bitCount(codes[i] ^ q);
        if (d <= radius && (top == null || d <= top.worstDistance())) {
          sink.match(ids[i], d);
        }
      }
    } else {
      for (int i = 0; i < n; i++) {
        int d = Hamming.distance(codes, i * words, query, offset, words);
        if (d <= radius && (top == null || d <= top.worstDistance())) {
          sink.match(ids[i], d);
        }
      }
    }
  }

  @Override
  public void forEach(ItemVisitor visitor) {
    for (int i = 0; i < size; i++) {
      visitor.visit(ids[i], codes, i * words);
    }
  }

  @Override
  public long estimatedFootprintBytes() {
    return 64 + 16 + 8L * codes.length + 16 + 8L * ids.length;
  }
}
