package io.hashstream.bench.index;

import io.hashstream.index.MultiIndexHashIndex;
import io.hashstream.index.result.MatchSink;

/**
 * Prototype of the form core does not ship, built only to measure it: one key per (substring
 * table, bucket of substring values), each holding a full copy (code and id) of every item whose
 * substring falls in it, so a query visits only the keys of the buckets it probes and verifies
 * candidates from the key's own copy. 64-bit codes, immutable, the same substring rule and
 * refined-pigeonhole probing as {@link MultiIndexHashIndex}, and the same first-table rule so an
 * item met in several tables is reported once (in Flink that de-duplication would need another
 * keyed step, which this prototype does not charge for).
 *
 * <p>Each table is kept as one array sorted by substring value (what its keys would hold between
 * them); a key is the slice of values that hash to it.
 */
final class SubstringShards implements ShardedForm {
  private static final long FOLD = 0x9E3779B97F4A7C15L;

  private final int m;
  private final int keysPerTable;
  private final int keyBits;
  private final int[] width;
  private final int[] shift;
  private final long[] masks;
  private final long[][] codes;
  private final long[][] ids;
  private final int[][] offsets;
  private final long[] touched;

  SubstringShards(BenchmarkData data, int keyCount) {
    m = MultiIndexHashIndex.substringCount(BenchmarkData.LENGTH, data.n);
    keysPerTable = Integer.highestOneBit(Math.max(1, keyCount / m));
    keyBits = Integer.numberOfTrailingZeros(keysPerTable);
    width = new int[m];
    shift = new int[m];
    masks = new long[m];
    codes = new long[m][];
    ids = new long[m][];
    offsets = new int[m][];
    touched = new long[(m * keysPerTable + 63) >>> 6];
    int start = 0;
    for (int j = 0; j < m; j++) {
      width[j] = 64 / m + (j < 64 % m ? 1 : 0);
      shift[j] = 64 - start - width[j];
      masks[j] = ((1L << width[j]) - 1) << shift[j];
      start += width[j];
      int[] offset = new int[(1 << width[j]) + 1];
      for (int i = 0; i < data.n; i++) {
        offset[(int) key(data.codes[i], j) + 1]++;
      }
      for (int v = 1; v < offset.length; v++) {
        offset[v] += offset[v - 1];
      }
      int[] cursor = java.util.Arrays.copyOf(offset, offset.length - 1);
      codes[j] = new long[data.n];
      ids[j] = new long[data.n];
      for (int i = 0; i < data.n; i++) {
        int at = cursor[(int) key(data.codes[i], j)]++;
        codes[j][at] = data.codes[i];
        ids[j][at] = data.ids[i];
      }
      offsets[j] = offset;
    }
  }

  private long key(long code, int j) {
    return (code & masks[j]) >>> shift[j];
  }

  private int shardKey(int j, long value) {
    return j * keysPerTable + (keyBits == 0 ? 0 : (int) ((value * FOLD) >>> (64 - keyBits)));
  }

  @Override
  public int rangeSearch(long query, int radius, MatchSink sink) {
    java.util.Arrays.fill(touched, 0);
    int keys = 0;
    for (int j = 0; j < m && j <= radius; j++) {
      long queryKey = key(query, j);
      int maxT = Math.min((radius - j) / m, width[j]);
      long limit = 1L << width[j];
      for (int t = 0; t <= maxT; t++) {
        long flips = t == 0 ? 0 : (1L << t) - 1;
        while (flips < limit) {
          long value = queryKey ^ flips;
          int shardKey = shardKey(j, value);
          if ((touched[shardKey >>> 6] & (1L << shardKey)) == 0) {
            touched[shardKey >>> 6] |= 1L << shardKey;
            keys++;
          }
          probe(j, value, query, radius, sink);
          if (t == 0) {
            break;
          }
          long lowest = flips & -flips;
          long ripple = flips + lowest;
          flips = ripple | ((ripple ^ flips) >>> (Long.numberOfTrailingZeros(lowest) + 2));
        }
      }
    }
    return keys;
  }

  private void probe(int j, long value, long query, int radius, MatchSink sink) {
    long[] table = codes[j];
    for (int p = offsets[j][(int) value]; p < offsets[j][(int) value + 1]; p++) {
      long x = table[p] ^ query;
      int d = Long.bitCount(x);
      if (d <= radius && firstMeetsAt(x, j)) {
        sink.match(ids[j][p], d);
      }
    }
  }

  private boolean firstMeetsAt(long difference, int j) {
    int stage = m * Long.bitCount(difference & masks[j]) + j;
    for (int other = 0; other < m; other++) {
      if (other != j && m * Long.bitCount(difference & masks[other]) + other < stage) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int keysPerInsert() {
    return m;
  }

  @Override
  public long footprintBytes() {
    long bytes = 0;
    for (int j = 0; j < m; j++) {
      bytes += 16 + 8L * codes[j].length + 16 + 8L * ids[j].length + 16 + 4L * offsets[j].length;
    }
    return bytes;
  }

  @Override
  public int keyCount() {
    return m * keysPerTable;
  }
}
