package io.hashstream.bench.pipeline;

import java.util.Arrays;

/** A growable array of long samples (no boxing). Not thread-safe. */
final class LongSamples {
  private long[] values = new long[1024];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
