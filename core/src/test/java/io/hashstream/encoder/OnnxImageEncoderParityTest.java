package io.hashstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled ONNX encoder, run by DJL's OnnxRuntime engine, reproduces the embeddings TF.js
 * computes from the original nsfwjs model on six real photos.
 */
class OnnxImageEncoderParityTest {
  /**
   * TF.js and ONNX Runtime differ only in float summation order: measured 7.9e-6 at most on this
   * set (embedding values reach 5.4), so 1e-4 leaves room for other ONNX Runtime kernels.
   */
  static final double MAX_ABS_DIFF = 1e-4;

  static final double MIN_COSINE = 0.9999;

  static OnnxImageEncoder encoder;
  static EncoderFixtures.Index index;
  static float[][] reference;

  @BeforeAll
  static void open() {
    encoder = BundledEncoder.open();
    index = EncoderFixtures.index();
    reference = EncoderFixtures.referenceEmbeddings(index);
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void fixturePixelsDecodeExactly() throws Exception {
    for (EncoderFixtures.Image image : index.images()) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(EncoderFixtures.rgbPixels(image));
      assertThat(HexFormat.of().formatHex(digest)).as(image.name()).isEqualTo(image.pixelsSha256());
    }
  }

  @Test
  void batchMatchesTfjsReference() {
    assertThat(index.embeddingSize()).isEqualTo(BundledEncoder.EMBEDDING_SIZE);
    float[][] actual = encoder.encode(EncoderFixtures.batch(index), index.images().size());

    assertThat(actual).hasNumberOfRows(reference.length);
    double worstDiff = 0;
    double worstCos = 1;
    for (int i = 0; i < actual.length; i++) {
      String name = index.images().get(i).name();
      double diff = EncoderFixtures.maxAbsDiff(actual[i], reference[i]);
      double cos = EncoderFixtures.cosine(actual[i], reference[i]);
      System.out.printf("parity %-18s max|diff| %.3e  cosine %.9f%n", name, diff, cos);
      assertThat(actual[i]).as(name).hasSize(BundledEncoder.EMBEDDING_SIZE);
      assertThat(diff).as("max abs diff, %s", name).isLessThan(MAX_ABS_DIFF);
      assertThat(cos).as("cosine, %s", name).isGreaterThan(MIN_COSINE);
      worstDiff = Math.max(worstDiff, diff);
      worstCos = Math.min(worstCos, cos);
    }
    System.out.printf("parity overall max|diff| %.3e  min cosine %.9f%n", worstDiff, worstCos);
  }

  @Test
  void eachImageAloneMatchesItsBatchResult() {
    int n = index.images().size();
    float[][] batched = encoder.encode(EncoderFixtures.batch(index), n);
    for (int i = 0; i < n; i++) {
      float[] image = EncoderFixtures.nchwTensor(EncoderFixtures.rgbPixels(index.images().get(i)));
      float[] single = encoder.encode(image, 1)[0];
      assertThat(EncoderFixtures.maxAbsDiff(single, batched[i])).isLessThan(1e-5);
    }
  }

  @Test
  void embeddingsAreReluSixFeatures() {
    float[][] actual = encoder.encode(EncoderFixtures.batch(index), index.images().size());
    for (float[] e : actual) {
      for (float v : e) {
        assertThat(v).isBetween(0f, 6f);
      }
    }
  }
}
