package io.hashstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading, argument checks, lifecycle and concurrency of the ONNX encoder (on the bundled model).
 */
class OnnxImageEncoderTest {
  @TempDir static Path dir;
  static Path modelFile;
  static OnnxImageEncoder shared;
  static float[] batch;
  static int n;

  @BeforeAll
  static void setUp() throws IOException {
    modelFile = dir.resolve("model.onnx");
    Files.write(modelFile, BundledEncoderTest.modelBytes());
    shared = BundledEncoder.open(1);
    EncoderFixtures.Index index = EncoderFixtures.index();
    n = index.images().size();
    batch = EncoderFixtures.batch(index);
  }

  @AfterAll
  static void tearDown() {
    shared.close();
  }

  @Test
  void loadsAFileByPathAndByVerifiedDigest() {
    float[][] expected = shared.encode(batch, n);
    EncoderConfig config = EncoderConfig.of("file-model", BundledEncoder.INPUT_SHAPE);
    try (OnnxImageEncoder byPath = OnnxImageEncoder.load(modelFile, config);
        OnnxImageEncoder verified =
            OnnxImageEncoder.loadVerified(modelFile, BundledEncoder.SHA256.toUpperCase(), config)) {
      // the only input and the first output are found without names
      assertThat(byPath.embeddingSize()).isEqualTo(1792);
      assertThat(byPath.encoderId()).isEqualTo("file-model");
      float[][] a = byPath.encode(batch, n);
      float[][] b = verified.encode(batch, n);
      for (int i = 0; i < n; i++) {
        assertThat(EncoderFixtures.maxAbsDiff(a[i], expected[i])).isLessThan(1e-5);
        assertThat(b[i]).containsExactly(a[i]);
      }
    }
  }

  @Test
  void aVerifiedLoadRejectsAnotherDigest() {
    String wrong = "0".repeat(64);
    EncoderConfig config = EncoderConfig.of("file-model", BundledEncoder.INPUT_SHAPE);
    assertThatThrownBy(() -> OnnxImageEncoder.loadVerified(modelFile, wrong, config))
        .isInstanceOfSatisfying(
            ModelIntegrityException.class,
            e -> assertThat(e.actualSha256()).isEqualTo(BundledEncoder.SHA256));
  }

  @Test
  void loadFailuresAreEncoderExceptions() {
    EncoderConfig config = EncoderConfig.of("x", BundledEncoder.INPUT_SHAPE);
    assertThatThrownBy(() -> OnnxImageEncoder.load(dir.resolve("missing.onnx"), config))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("missing.onnx");
    assertThatThrownBy(() -> OnnxImageEncoder.load(modelFile, config.withInputName("pixels")))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("pixels");
    assertThatThrownBy(() -> OnnxImageEncoder.load(modelFile, config.withOutputName("logits")))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("logits");
    assertThatThrownBy(
            () -> OnnxImageEncoder.load(modelFile, config.withExpectedEmbeddingSize(1280)))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("1792");
    // the probe catches a layout the model does not take
    EncoderInputShape nhwc = new EncoderInputShape(3, 224, 224, TensorLayout.NHWC);
    assertThatThrownBy(() -> OnnxImageEncoder.load(modelFile, EncoderConfig.of("x", nhwc)))
        .isInstanceOf(EncoderException.class);
  }

  @Test
  void rejectsABatchOfTheWrongSize() {
    assertThatThrownBy(() -> shared.encode(new float[10], 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shared.encode(batch, n + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shared.encode(new float[0], 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> shared.encode(new float[][] {new float[3]}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void perImageArraysGiveTheSameResultAsAPackedBatch() {
    int per = BundledEncoder.INPUT_SHAPE.valuesPerImage();
    float[][] images = new float[n][per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(batch, i * per, images[i], 0, per);
    }
    float[][] packed = shared.encode(batch, n);
    float[][] unpacked = shared.encode(images);
    for (int i = 0; i < n; i++) {
      assertThat(unpacked[i]).containsExactly(packed[i]);
    }
  }

  @Test
  void concurrentCallersGetTheSequentialResults() throws Exception {
    float[][] expected = shared.encode(batch, n);
    int per = BundledEncoder.INPUT_SHAPE.valuesPerImage();
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<float[][]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int image = t % n;
        Callable<float[][]> call =
            () -> {
              start.await();
              float[] one = new float[per];
              System.arraycopy(batch, image * per, one, 0, per);
              float[][] out = new float[3][];
              for (int k = 0; k < 3; k++) {
                out[k] = shared.encode(one, 1)[0];
              }
              return out;
            };
        futures.add(pool.submit(call));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        for (float[] e : futures.get(t).get(60, TimeUnit.SECONDS)) {
          assertThat(EncoderFixtures.maxAbsDiff(e, expected[t % n])).isLessThan(1e-5);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedEncoderRefusesWorkAndClosesOnce() {
    EncoderConfig config =
        EncoderConfig.of("closing", BundledEncoder.INPUT_SHAPE).withIntraOpThreads(1);
    OnnxImageEncoder encoder = OnnxImageEncoder.load(modelFile, config);
    float[] zeros = new float[BundledEncoder.INPUT_SHAPE.valuesPerImage()];
    assertThat(encoder.encode(zeros, 1)[0]).hasSize(1792);
    encoder.close();
    encoder.close();
    assertThatThrownBy(() -> encoder.encode(zeros, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
