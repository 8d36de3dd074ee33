package io.hashstream.trainer;

import io.hashstream.code.CodeLength;
import io.hashstream.model.HashCoderSession;
import io.hashstream.trainer.data.ClusteredViewPairs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic data, a fixed clock, and code helpers for the trainer tests. */
final class TrainerFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  private TrainerFixtures() {}

  /** 32-d embeddings in 8 clusters. */
  static ClusteredViewPairs small() {
    return new ClusteredViewPairs(32, 8, 0.5, 0.3, 11);
  }

  static List<String> lines() {
    return new ArrayList<>();
  }

  static CrovcaTrainer trainer(List<String> lines) {
    return new CrovcaTrainer(CLOCK, lines::add);
  }

  /** Codes of raw embeddings through the artifact's post-processor and the serving session. */
  static long[] codes(HashCoderSession session, float[][] raw) {
    int d = raw[0].length;
    float[] batch = new float[raw.length * d];
    for (int i = 0; i < raw.length; i++) {
      System.arraycopy(session.postprocessor().apply(raw[i]), 0, batch, i * d, d);
    }
    return session.codes(batch, raw.length);
  }

  /** Fraction of ones of each bit over one-word codes. */
  static double[] bitFractions(long[] codes, CodeLength length) {
    double[] f = new double[length.bits()];
    for (long code : codes) {
      for (int bit = 0; bit < length.bits(); bit++) {
        if ((code >>> (length.bits() - 1 - bit) & 1) != 0) {
          f[bit] += 1.0 / codes.length;
        }
      }
    }
    return f;
  }
}
