package io.hashstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingPostprocessorTest {
  static final String ID = "test-encoder";
  static final float EPS = 1e-6f;

  @Test
  void fitsTheMeanOfSquareRoots() {
    EmbeddingPostprocessor p = EmbeddingPostprocessor.fit(ID, new float[][] {{4, 0, 1}, {0, 4, 1}});
    // sqrt: {2,0,1} and {0,2,1}; mean {1,1,1}
    assertThat(p.mean()).containsExactly(1f, 1f, 1f);
    assertThat(p.sampleCount()).isEqualTo(2);
    assertThat(p.dimension()).isEqualTo(3);
    assertThat(p.encoderId()).isEqualTo(ID);
  }

  @Test
  void appliesSqrtThenCentringThenL2() {
    EmbeddingPostprocessor p = EmbeddingPostprocessor.of(ID, new float[] {1, 1, 1}, 2);
    // sqrt {4,0,1} = {2,0,1}; minus mean = {1,-1,0}; L2 = {1,-1,0}/sqrt(2)
    float h = (float) (1 / Math.sqrt(2));
    assertThat(p.apply(new float[] {4, 0, 1})).containsExactly(new float[] {h, -h, 0}, within(EPS));
    // sqrt {9,16,1} = {3,4,1}; minus mean = {2,3,0}; L2 = {2,3,0}/sqrt(13)
    float s = (float) Math.sqrt(13);
    assertThat(p.apply(new float[] {9, 16, 1}))
        .containsExactly(new float[] {2 / s, 3 / s, 0}, within(EPS));
  }

  @Test
  void usesSignedSquareRootForNegativeFeatures() {
    EmbeddingPostprocessor p = EmbeddingPostprocessor.uncentred(ID, 2);
    float s = (float) Math.sqrt(13);
    assertThat(p.apply(new float[] {-4, 9}))
        .containsExactly(new float[] {-2 / s, 3 / s}, within(EPS));
    assertThat(p.sampleCount()).isZero();
  }

  @Test
  void anEmbeddingEqualToTheMeanBecomesZero() {
    EmbeddingPostprocessor p = EmbeddingPostprocessor.of(ID, new float[] {2, 3}, 1);
    assertThat(p.apply(new float[] {4, 9})).containsExactly(0f, 0f);
  }

  @Test
  void applyLeavesTheInputAloneAndIapplyOverwritesIt() {
    EmbeddingPostprocessor p = EmbeddingPostprocessor.uncentred(ID, 2);
    float[] raw = {9, 16};
    float[] out = p.apply(raw);
    assertThat(raw).containsExactly(9f, 16f);
    p.iapply(raw);
    assertThat(raw).containsExactly(out);
    assertThat(raw).containsExactly(new float[] {0.6f, 0.8f}, within(EPS));
  }

  @Test
  void storedMeanIsCopiedInAndOut() {
    float[] mean = {1, 2};
    EmbeddingPostprocessor p = EmbeddingPostprocessor.of(ID, mean, 7);
    mean[0] = 99;
    assertThat(p.mean()).containsExactly(1f, 2f);
    p.mean()[1] = 99;
    assertThat(p.mean()).containsExactly(1f, 2f);
    assertThat(EmbeddingPostprocessor.of(ID, p.mean(), p.sampleCount())).isEqualTo(p);
  }

  @Test
  void outputsAreUnitLengthAndCentredOnSeededData() {
    SplittableRandom random = new SplittableRandom(42);
    float[][] raw = new float[200][64];
    for (float[] row : raw) {
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (6 * random.nextDouble() * random.nextDouble()); // ReLU6-like, skewed
      }
    }
    EmbeddingPostprocessor p = EmbeddingPostprocessor.fit(ID, raw);
    float[][] out = p.apply(raw);
    double[] sum = new double[64];
    for (float[] v : out) {
      double norm2 = 0;
      for (int i = 0; i < v.length; i++) {
        norm2 += v[i] * v[i];
        sum[i] += v[i];
      }
      assertThat(Math.sqrt(norm2)).isCloseTo(1.0, within(1e-5));
    }
    // Centred before normalising, so the processed set is roughly centred too (vs ~0.11 per
    // dimension for uncentred features).
    for (double s : sum) {
      assertThat(Math.abs(s / out.length)).isLessThan(0.03);
    }
  }

  @Test
  void centringSpreadsRealEmbeddingsOutOfOneOrthant() {
    EncoderFixtures.Index index = EncoderFixtures.index();
    float[][] raw = EncoderFixtures.referenceEmbeddings(index);
    double minRawCosine = 1;
    for (int i = 0; i < raw.length; i++) {
      for (int j = i + 1; j < raw.length; j++) {
        minRawCosine = Math.min(minRawCosine, EncoderFixtures.cosine(raw[i], raw[j]));
      }
    }
    float[][] processed = EmbeddingPostprocessor.fit(ID, raw).apply(raw);
    double sumCosine = 0;
    int pairs = 0;
    for (int i = 0; i < processed.length; i++) {
      for (int j = i + 1; j < processed.length; j++) {
        sumCosine += EncoderFixtures.cosine(processed[i], processed[j]);
        pairs++;
      }
    }
    // ReLU6 features: every pair of different photos has a clearly positive cosine...
    assertThat(minRawCosine).isGreaterThan(0.2);
    // ...after centring the average pair is negative (exactly -1/(n-1) before the final L2).
    assertThat(sumCosine / pairs).isLessThan(0);
  }

  @Test
  void rejectsBadInput() {
    EmbeddingPostprocessor p = EmbeddingPostprocessor.uncentred(ID, 2);
    assertThatThrownBy(() -> p.apply(new float[3])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.apply(new float[] {1, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.apply(new float[] {Float.POSITIVE_INFINITY, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddingPostprocessor.fit(ID, new float[0][]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddingPostprocessor.fit(ID, new float[][] {{1, 2}, {1}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddingPostprocessor.of(" ", new float[] {1}, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddingPostprocessor.of(ID, new float[] {Float.NaN}, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddingPostprocessor.uncentred(ID, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
