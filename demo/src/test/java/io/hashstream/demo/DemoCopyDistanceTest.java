package io.hashstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashstream.code.Hamming;
import io.hashstream.image.CopyTransform;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.inference.ImageResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Documents the Hamming radius the demo needs: every bundled photo and every copy the demo can
 * plant ({@link DemoUploads#TRANSFORMS}), hashed with both models the demo runs (trained on the
 * demo photos with the demo's settings, seeds 3 and 0; about 15 s each). Prints the distance
 * tables.
 */
class DemoCopyDistanceTest {
  private static final List<DemoPhotos.Photo> PHOTOS = DemoPhotos.load();
  /** Per model (seed), the code of every original and copy by key. */
  private static final Map<Long, Map<String, Long>> CODES = new HashMap<>();

  @BeforeAll
  static void hashOriginalsAndCopiesWithBothDemoModels(@TempDir Path dir) throws Exception {
    // HashCoderSession runs on DJL's PyTorch engine: its natives must be on the test classpath
    assumeTrue(PlantableImages.pytorchOnClassPath(),
        "pytorch-native-cpu and pytorch-jni are not on the test classpath");
    List<EncodedImage> images = PlantableImages.of(PHOTOS);
    try (EmbeddingExtractor extractor = EmbeddingExtractor.of(BundledEncoder.open())) {
      List<ImageResult<float[]>> embedded = extractor.extract(images);
      float[][] raw = new float[embedded.size()][];
      for (int i = 0; i < raw.length; i++) {
        assertThat(embedded.get(i)).as(embedded.get(i).id()).isInstanceOf(ImageResult.Ok.class);
        raw[i] = ((ImageResult.Ok<float[]>) embedded.get(i)).value();
      }
      for (long seed : new long[] {DemoModel.FIRST_MODEL_SEED, 0}) {
        Path modelDir = Files.createDirectories(dir.resolve("seed-" + seed));
        ModelArtifact model =
            DemoModel.train(PHOTOS, modelDir, DemoModel.Settings.defaults().withSeed(seed), extractor,
                    Clock.systemUTC(), line -> {})
                .report()
                .artifact();
        long[] codes = HashCoderSession.codesOfRaw(model, raw);
        Map<String, Long> byKey = new HashMap<>();
        for (int i = 0; i < codes.length; i++) {
          byKey.put(embedded.get(i).id(), codes[i]);
        }
        CODES.put(seed, byKey);
      }
    }
  }

  private static String key(DemoPhotos.Photo p, CopyTransform t) {
    return PlantableImages.key(p, t);
  }

  private static int distance(long seed, String a, String b) {
    return Hamming.distance(CODES.get(seed).get(a), CODES.get(seed).get(b));
  }

  @ParameterizedTest(name = "demo model seed {0}")
  @ValueSource(longs = {DemoModel.FIRST_MODEL_SEED, 0})
  void everyPlantedCopyIsWithinTheSuggestedRadiusAndMostWithinThree(long seed) {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-22s", "photo"));
    DemoUploads.TRANSFORMS.forEach(t -> table.append(String.format(Locale.ROOT, " %8.8s", t)));
    for (DemoPhotos.Photo p : PHOTOS) {
      table.append(String.format(Locale.ROOT, "%n%-22s", p.file()));
      for (CopyTransform t : DemoUploads.TRANSFORMS) {
        table.append(String.format(Locale.ROOT, " %8d", distance(seed, p.file(), key(p, t))));
      }
    }
    System.out.println("Hamming distance original -> copy, demo model seed " + seed + ":\n" + table);

    for (CopyTransform t : DemoUploads.TRANSFORMS) {
      long withinThree =
          PHOTOS.stream().filter(p -> distance(seed, p.file(), key(p, t)) <= 3).count();
      assertThat(withinThree).as("%s: photos whose copy is within 3 bits", t)
          .isGreaterThanOrEqualTo(Math.round(0.8 * PHOTOS.size()));
      for (DemoPhotos.Photo p : PHOTOS) {
        assertThat(distance(seed, p.file(), key(p, t))).as("%s of %s", t, p.file())
            .isLessThanOrEqualTo(DemoUploads.SUGGESTED_RADIUS);
      }
    }
  }

  @ParameterizedTest(name = "demo model seed {0}")
  @ValueSource(longs = {DemoModel.FIRST_MODEL_SEED, 0})
  void differentPhotosAndTheirCopiesStayWellOutsideTheRadius(long seed) {
    int closest = Integer.MAX_VALUE;
    for (DemoPhotos.Photo a : PHOTOS) {
      for (DemoPhotos.Photo b : PHOTOS) {
        if (a == b) {
          continue;
        }
        closest = Math.min(closest, distance(seed, a.file(), b.file()));
        for (CopyTransform t : DemoUploads.TRANSFORMS) {
          closest = Math.min(closest, distance(seed, a.file(), key(b, t)));
        }
      }
    }
    System.out.println("closest pair of different photos (originals or copies), seed " + seed + ": " + closest);
    // twice the radius leaves room for float noise across CPUs
    assertThat(closest).isGreaterThan(2 * DemoUploads.SUGGESTED_RADIUS);
  }
}
