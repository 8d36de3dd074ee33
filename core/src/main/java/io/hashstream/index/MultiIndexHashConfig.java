package io.hashstream.index;

/**
 * Tuning of a {@link MultiIndexHashIndex}; validated on construction.
 *
 * @param bufferCapacity newest items kept unindexed and scanned (a scan of this many codes is the
 *     floor of every query's cost); when full they are sealed into a segment
 * @param levelRatio capacity ratio between consecutive segment levels: level {@code L} holds up to
 *     {@code bufferCapacity · levelRatio^(L+1)} items. Larger means fewer segments per query and
 *     more rewrites per insert (about {@code levelRatio / 2} per level)
 * @param substringCount tables per segment, or 0 to choose by the substring count rule from the
 *     segment's size (see {@link MultiIndexHashIndex})
 * @param scanFallback whether a segment's range search scans instead of probing once the radius
 *     passes its cost model's fallback radius; off only to test probing at every radius (k-NN
 *     always follows the cost model)
 */
public record MultiIndexHashConfig(
    int bufferCapacity, int levelRatio, int substringCount, boolean scanFallback) {
  /** The default: a 2048-item buffer, level ratio 8, the automatic substring rule, fallback on. */
  public static final MultiIndexHashConfig DEFAULT = new MultiIndexHashConfig(2048, 8, 0, true);

  /** Validates the fields. */
  public MultiIndexHashConfig {
    if (bufferCapacity < 1) {
      throw new IllegalArgumentException("bufferCapacity must be positive, got " + bufferCapacity);
    }
    if (levelRatio < 2) {
      throw new IllegalArgumentException("levelRatio must be at least 2, got " + levelRatio);
    }
    if (substringCount < 0) {
      throw new IllegalArgumentException("substringCount must be 0 (auto) or positive");
    }
  }

  /** Returns a copy with another buffer capacity. */
  public MultiIndexHashConfig withBufferCapacity(int capacity) {
    return new MultiIndexHashConfig(capacity, levelRatio, substringCount, scanFallback);
  }

  /** Returns a copy with a fixed substring count (0: automatic). */
  public MultiIndexHashConfig withSubstringCount(int count) {
    return new MultiIndexHashConfig(bufferCapacity, levelRatio, count, scanFallback);
  }

  /** Returns a copy with the scan fallback on or off. */
  public MultiIndexHashConfig withScanFallback(boolean enabled) {
    return new MultiIndexHashConfig(bufferCapacity, levelRatio, substringCount, enabled);
  }
}
