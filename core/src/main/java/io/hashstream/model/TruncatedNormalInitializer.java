package io.hashstream.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.Random;

/**
 * torch's {@code trunc_normal_(std, a = -bound, b = bound)}: N(0, std²) resampled until inside
 * [-bound, bound] (absolute bounds, not multiples of std). Draws in Java from one seeded {@link
 * Random}, in call order, so the result depends only on the seed and on the order in which
 * parameters are initialised (fixed for a given block). Not thread-safe: one block initialises on
 * one thread.
 */
final class TruncatedNormalInitializer implements Initializer {
  private final double std;
  private final double bound;
  private final Random random;

  TruncatedNormalInitializer(double std, double bound, long seed) {
    this.std = std;
    this.bound = bound;
    this.random = new Random(seed);
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      double x;
      do {
        x = random.nextGaussian() * std;
      } while (Math.abs(x) > bound);
      values[i] = (float) x;
    }
    return manager.create(values, shape).toType(dataType, false);
  }
}
