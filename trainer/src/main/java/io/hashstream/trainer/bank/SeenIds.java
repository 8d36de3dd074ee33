package io.hashstream.trainer.bank;

import java.nio.charset.StandardCharsets;

/**
 * The ids a file has used so far, as 64-bit hashes in an open-addressing table (no object per id):
 * 16 bytes per id at the load it keeps. Two different ids share a hash with a chance of about
 * n²/2^65 (a ten-million-row file: 3e-6), which would report a false duplicate.
 */
final class SeenIds {
  private static final long EMPTY = 0;
  private long[] slots = new long[1 << 10];
  private int size;

  /** Adds {@code id}; returns false if it was there already. */
  boolean add(String id) {
    long h = hash(id);
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    if (!insert(slots, h)) {
      return false;
    }
    size++;
    return true;
  }

  private static boolean insert(long[] table, long h) {
    int mask = table.length - 1;
    for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
      if (table[i] == EMPTY) {
        table[i] = h;
        return true;
      }
      if (table[i] == h) {
        return false;
      }
    }
  }

  private void grow() {
    long[] bigger = new long[slots.length * 2];
    for (long h : slots) {
      if (h != EMPTY) {
        insert(bigger, h);
      }
    }
    slots = bigger;
  }

  /** FNV-1a over the UTF-8 bytes, then mixed; never {@link #EMPTY}. */
  private static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h == EMPTY ? 1 : h;
  }

  @Override
  public String toString() {
    return "SeenIds[" + size + "]";
  }
}
