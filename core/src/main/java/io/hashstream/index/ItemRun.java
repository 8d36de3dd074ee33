package io.hashstream.index;

import io.hashstream.code.CodeLength;
import io.hashstream.index.result.ItemVisitor;
import java.util.Arrays;

/**
 * A growable run of items (ids and packed codes in two arrays) gathered for a bulk load: split,
 * merge, promotion and snapshot restore.
 */
final class ItemRun implements ItemVisitor {
  final CodeLength length;
  final int words;
  long[] ids;
  long[] codes;
  int size;

  ItemRun(CodeLength length, int capacity) {
    this.length = length;
    this.words = length.words();
    this.ids = new long[Math.max(capacity, 1)];
    this.codes = new long[ids.length * words];
  }

  @Override
  public void visit(long itemId, long[] codeWords, int offset) {
    if (size == ids.length) {
      int grown = Math.toIntExact(Math.min((long) size * 2, Integer.MAX_VALUE - 8));
      ids = Arrays.copyOf(ids, grown);
      codes = Arrays.copyOf(codes, Math.multiplyExact(grown, words));
    }
    ids[size] = itemId;
    System.arraycopy(codeWords, offset, codes, size * words, words);
    size++;
  }

  /** Loads the run into a new index: a scan up to {@code scanLimit} items, else multi-index hashing. */
  HammingIndex load(int scanLimit, MultiIndexHashConfig config) {
    if (size <= scanLimit) {
      ScanIndex scan = new ScanIndex(length, Math.max(size, 16));
      for (int i = 0; i < size; i++) {
        scan.insert(ids[i], codes, i * words);
      }
      return scan;
    }
    MultiIndexHashIndex mih = new MultiIndexHashIndex(length, config);
    mih.insertAll(ids, codes, 0, size);
    return mih;
  }
}
