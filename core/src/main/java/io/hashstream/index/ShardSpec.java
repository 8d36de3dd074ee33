package io.hashstream.index;

/**
 * Which items a shard owns: those whose mixed id hash, modulo {@code shardCount} (a power of two),
 * is {@code shard}. Splitting doubles the count and hands each item to one of two children;
 * merging two siblings inverts it, so a shard's items never need re-hashing by anything but their
 * id.
 *
 * @param shard this shard's number, in {@code [0, shardCount)}
 * @param shardCount the number of shards the id space is cut into; a power of two
 */
public record ShardSpec(int shard, int shardCount) {
  /** The single shard that owns every item. */
  public static final ShardSpec WHOLE = new ShardSpec(0, 1);

  /** Validates the fields. */
  public ShardSpec {
    if (shardCount < 1 || Integer.bitCount(shardCount) != 1) {
      throw new IllegalArgumentException("shardCount must be a power of two, got " + shardCount);
    }
    if (shard < 0 || shard >= shardCount) {
      throw new IllegalArgumentException("shard " + shard + " outside [0, " + shardCount + ")");
    }
  }

  /** Returns the shard of {@code shardCount} (a power of two) that owns {@code itemId}. */
  public static int shardOf(long itemId, int shardCount) {
    return (int) (mix(itemId) & (shardCount - 1));
  }

  /** Returns the shard spec that owns {@code itemId} among {@code shardCount} shards. */
  public static ShardSpec of(long itemId, int shardCount) {
    return new ShardSpec(shardOf(itemId, shardCount), shardCount);
  }

  /** Returns whether this shard owns {@code itemId}. */
  public boolean owns(long itemId) {
    return shardOf(itemId, shardCount) == shard;
  }

  /** Returns the two children: {@code (shard, 2c)} and {@code (shard + c, 2c)}. */
  public ShardSpec[] split() {
    if (shardCount > (1 << 29)) {
      throw new IllegalStateException("cannot split below 2^30 shards");
    }
    return new ShardSpec[] {
      new ShardSpec(shard, shardCount * 2), new ShardSpec(shard + shardCount, shardCount * 2)
    };
  }

  /** Returns the parent of this shard and its sibling ({@code shardCount / 2} shards). */
  public ShardSpec parent() {
    if (shardCount == 1) {
      throw new IllegalStateException("the whole id space has no parent");
    }
    return new ShardSpec(shard & (shardCount / 2 - 1), shardCount / 2);
  }

  /** Returns whether {@code other} is this shard's sibling (they merge into {@link #parent()}). */
  public boolean isSiblingOf(ShardSpec other) {
    return shardCount > 1 && other.shardCount == shardCount && other.shard == (shard ^ (shardCount / 2));
  }

  /** The SplitMix64 finaliser: ids that are sequential still spread evenly over shards. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
