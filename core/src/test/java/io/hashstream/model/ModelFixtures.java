package io.hashstream.model;

import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.model.HashCoderWeights.Tensor;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/** Seeded weights, artifacts and inputs for the model tests, plus a plain-Java HashCoder oracle. */
final class ModelFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private ModelFixtures() {}

  /** The value of element {@code i} of a tensor. */
  interface TensorValues {
    float value(Tensor tensor, int i);
  }

  /** Weights filled tensor by tensor, element by element, in order. */
  static HashCoderWeights weights(int d, int bits, TensorValues values) {
    return weights(d, d, bits, values);
  }

  /** Weights with hidden width {@code h}, filled tensor by tensor, element by element. */
  static HashCoderWeights weights(int d, int h, int bits, TensorValues values) {
    Map<Tensor, float[]> tensors = new EnumMap<>(Tensor.class);
    for (Tensor t : Tensor.values()) {
      float[] v = new float[t.size(d, h, bits)];
      for (int i = 0; i < v.length; i++) {
        v[i] = values.value(t, i);
      }
      tensors.put(t, v);
    }
    return HashCoderWeights.of(d, h, bits, tensors);
  }

  /** Weights with every tensor random, γ and running variances in [0.5, 1.5). */
  static HashCoderWeights randomWeights(int d, int bits, long seed) {
    return randomWeights(d, d, bits, seed);
  }

  /** Random weights with hidden width {@code h}. */
  static HashCoderWeights randomWeights(int d, int h, int bits, long seed) {
    Random random = new Random(seed);
    return weights(
        d,
        h,
        bits,
        (t, i) ->
            switch (t) {
              case BN_RUNNING_VAR, BN_GAMMA -> 0.5f + random.nextFloat();
              case HIDDEN_WEIGHT, OUTPUT_WEIGHT -> (float) (random.nextGaussian() / Math.sqrt(d));
              default -> (float) (random.nextGaussian() * 0.1);
            });
  }

  static ModelArtifact artifact(HashCoderWeights weights, String version) {
    float[] mean = new float[weights.embeddingSize()];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = 0.01f * i;
    }
    return new ModelArtifact(
        ModelVersion.of(version),
        EmbeddingPostprocessor.of("test-encoder", mean, 1000),
        weights,
        Map.of("loss", 0.25, "bit_balance_min", 0.45),
        "hashstream train --test",
        T0);
  }

  /** Unit-length random rows, row-major. */
  static float[] unitRows(int rows, int d, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rows * d];
    for (int r = 0; r < rows; r++) {
      double norm = 0;
      for (int j = 0; j < d; j++) {
        float v = (float) random.nextGaussian();
        x[r * d + j] = v;
        norm += v * v;
      }
      for (int j = 0; j < d; j++) {
        x[r * d + j] /= (float) Math.sqrt(norm);
      }
    }
    return x;
  }

  /**
   * The HashCoder in inference mode, in double precision and plain Java: Linear, ReLU, Linear,
   * then {@code (x - runningMean) / sqrt(runningVar + eps) * gamma + beta}.
   */
  static double[] oracleLogits(HashCoderWeights w, float[] x, int rows) {
    int d = w.embeddingSize();
    int width = w.hiddenWidth();
    int bits = w.bits();
    float[] w1 = w.get(Tensor.HIDDEN_WEIGHT);
    float[] b1 = w.get(Tensor.HIDDEN_BIAS);
    float[] w2 = w.get(Tensor.OUTPUT_WEIGHT);
    float[] b2 = w.get(Tensor.OUTPUT_BIAS);
    float[] gamma = w.get(Tensor.BN_GAMMA);
    float[] beta = w.get(Tensor.BN_BETA);
    float[] mean = w.get(Tensor.BN_RUNNING_MEAN);
    float[] var = w.get(Tensor.BN_RUNNING_VAR);
    double[] out = new double[rows * bits];
    double[] h = new double[width];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < width; i++) {
        double s = b1[i];
        for (int j = 0; j < d; j++) {
          s += (double) w1[i * d + j] * x[r * d + j];
        }
        h[i] = Math.max(0, s);
      }
      for (int k = 0; k < bits; k++) {
        double s = b2[k];
        for (int i = 0; i < width; i++) {
          s += w2[k * width + i] * h[i];
        }
        out[r * bits + k] =
            (s - mean[k]) / Math.sqrt(var[k] + HashCoderBlock.BATCH_NORM_EPSILON) * gamma[k]
                + beta[k];
      }
    }
    return out;
  }

  /** Codes packed the documented way from the oracle's logits: bit 0 most significant. */
  static long[] oracleCodes(HashCoderWeights w, float[] x, int rows) {
    int bits = w.bits();
    int words = (bits + 63) / 64;
    double[] logits = oracleLogits(w, x, rows);
    long[] codes = new long[rows * words];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < bits; k++) {
        if (logits[r * bits + k] > 0) {
          int shift = bits < 64 ? bits - 1 - k : 63 - (k % 64);
          codes[r * words + k / 64] |= 1L << shift;
        }
      }
    }
    return codes;
  }
}
