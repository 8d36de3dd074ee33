package io.hashstream.trainer.views;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random source of one augmented view, a pure function of (seed, photo, pair, view), so the
 * views do not depend on thread scheduling or on the order photos are processed in. Stateless.
 */
public final class ViewSeeds {
  private ViewSeeds() {}

  /**
   * A fresh generator for one view.
   *
   * @param seed the run's seed
   * @param photo index of the photo in the list
   * @param pair index of the pair for that photo
   * @param view 0 or 1
   * @return a generator no other view shares
   */
  public static RandomGenerator of(long seed, int photo, int pair, int view) {
    long key = seed;
    key = mix(key ^ photo);
    key = mix(key ^ ((long) pair << 1 | view));
    return new SplittableRandom(key);
  }

  /** A seed derived from {@code seed} for another purpose, so two uses of one run seed differ. */
  public static long salted(long seed, long salt) {
    return mix(seed ^ salt);
  }

  /** Stafford's variant 13 of the 64-bit finaliser (as in SplittableRandom). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
