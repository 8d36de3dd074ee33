package io.hashstream.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompactEmbeddingTest {
  @Test
  void takesFourBytesPlusOnePerDimensionAndRoundTripsWithinHalfAStep() {
    SplittableRandom random = new SplittableRandom(3);
    float[] raw = new float[1792];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (float) (random.nextDouble() * random.nextDouble() * 6); // ReLU-like, skewed
    }
    raw[7] = -2.5f; // other encoders' embeddings may be negative
    byte[] compact = CompactEmbedding.encode(raw);
    assertThat(compact).hasSize(4 + 1792);
    assertThat(CompactEmbedding.dimensions(compact)).isEqualTo(1792);
    float[] back = CompactEmbedding.decode(compact);
    double maxRoot = 0;
    for (float v : raw) {
      maxRoot = Math.max(maxRoot, Math.sqrt(Math.abs(v)));
    }
    double halfStep = maxRoot / 127 / 2 + 1e-6;
    for (int i = 0; i < raw.length; i++) {
      double rootError = Math.abs(Math.signum(raw[i]) * Math.sqrt(Math.abs(raw[i]))
          - Math.signum(back[i]) * Math.sqrt(Math.abs(back[i])));
      assertThat(rootError).isLessThanOrEqualTo(halfStep);
    }
    assertThat(back[7]).isNegative();
  }

  @Test
  void allZeroEmbeddingStaysZero() {
    assertThat(CompactEmbedding.decode(CompactEmbedding.encode(new float[16]))).containsOnly(0f);
  }

  @Test
  void reHashingTheCompactFormKeepsAlmostEveryBitOfTheDefaultModel() throws Exception {
    LoadedModel model = ModelCatalog.shared().acquire(ModelReference.ofDefault(),
        BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
    try {
      SplittableRandom random = new SplittableRandom(11);
      int n = 200;
      float[][] raw = new float[n][1792];
      float[][] compact = new float[n][];
      for (int r = 0; r < n; r++) {
        for (int i = 0; i < 1792; i++) {
          // sparse, non-negative, heavy-tailed: the shape of pooled ReLU features
          raw[r][i] = random.nextDouble() < 0.6 ? 0f : (float) -Math.log(random.nextDouble());
        }
        compact[r] = CompactEmbedding.decode(CompactEmbedding.encode(raw[r]));
      }
      long[][] a = model.codes(raw);
      long[][] b = model.codes(compact);
      long flipped = 0;
      for (int r = 0; r < n; r++) {
        flipped += Long.bitCount(a[r][0] ^ b[r][0]);
      }
      double rate = flipped / (64.0 * n);
      // measured 0.19% (24 of 12,800 bits) on this data; a re-hash moves a code by well under one bit on average
      assertThat(rate).isLessThan(0.01);
    } finally {
      ModelCatalog.shared().release(model.version());
    }
  }
}
