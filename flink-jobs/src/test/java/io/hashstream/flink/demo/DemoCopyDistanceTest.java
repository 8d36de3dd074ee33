package io.hashstream.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashstream.code.Hamming;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageHasher;
import io.hashstream.inference.ImageResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Documents the Hamming radius the demo needs: every bundled photo and every copy the demo can
 * plant ({@link DemoUploads#TRANSFORMS}), hashed with the shipped default 64-bit model. Prints the
 * distance table.
 */
class DemoCopyDistanceTest {
  private static final List<DemoPhotos.Photo> PHOTOS = DemoPhotos.load();
  private static final Map<String, Long> CODES = new HashMap<>();

  @BeforeAll
  static void hashOriginalsAndCopies() throws Exception {
    // HashCoderSession runs on DJL's PyTorch engine: its natives must be on the test classpath
    assumeTrue(
        DemoCopyDistanceTest.class.getResource("/native/lib/pytorch.properties") != null
            && DemoCopyDistanceTest.class.getResource("/jnilib/pytorch.properties") != null,
        "pytorch-native-cpu and pytorch-jni are not on flink-jobs' test classpath");
    ImageDecoder decoder = ImageDecoder.withDefaults();
    List<EncodedImage> images = new ArrayList<>();
    for (DemoPhotos.Photo p : PHOTOS) {
      images.add(EncodedImage.of(p.file(), p.bytes()));
      RgbImage original = decoder.decode(p.bytes());
      for (CopyTransform t : DemoUploads.TRANSFORMS) {
        images.add(
            EncodedImage.of(
                key(p, t),
                ImageFileWriter.jpeg(t.apply(original), DemoUploads.COPY_JPEG_QUALITY)));
      }
    }
    try (ImageHasher hasher = ImageHasher.openDefault()) {
      assertThat(hasher.codeLength().bits()).isEqualTo(64);
      for (ImageResult<long[]> r : hasher.hash(images)) {
        assertThat(r).as(r.id()).isInstanceOf(ImageResult.Ok.class);
        CODES.put(r.id(), ((ImageResult.Ok<long[]>) r).value()[0]);
      }
    }
  }

  private static String key(DemoPhotos.Photo p, CopyTransform t) {
    return p.file() + "|" + t;
  }

  private static int distance(String a, String b) {
    return Hamming.distance(CODES.get(a), CODES.get(b));
  }

  @Test
  void everyPlantedCopyIsWithinTheSuggestedRadiusAndMostWithinThree() {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-22s", "photo"));
    DemoUploads.TRANSFORMS.forEach(t -> table.append(String.format(Locale.ROOT, " %8.8s", t)));
    for (DemoPhotos.Photo p : PHOTOS) {
      table.append(String.format(Locale.ROOT, "%n%-22s", p.file()));
      for (CopyTransform t : DemoUploads.TRANSFORMS) {
        table.append(String.format(Locale.ROOT, " %8d", distance(p.file(), key(p, t))));
      }
    }
    System.out.println("Hamming distance original -> copy, default model:\n" + table);

    for (CopyTransform t : DemoUploads.TRANSFORMS) {
      long withinThree =
          PHOTOS.stream().filter(p -> distance(p.file(), key(p, t)) <= 3).count();
      assertThat(withinThree).as("%s: photos whose copy is within 3 bits", t)
          .isGreaterThanOrEqualTo(Math.round(0.8 * PHOTOS.size()));
      for (DemoPhotos.Photo p : PHOTOS) {
        assertThat(distance(p.file(), key(p, t))).as("%s of %s", t, p.file())
            .isLessThanOrEqualTo(DemoUploads.SUGGESTED_RADIUS);
      }
    }
  }

  @Test
  void differentPhotosAndTheirCopiesStayWellOutsideTheRadius() {
    int closest = Integer.MAX_VALUE;
    for (DemoPhotos.Photo a : PHOTOS) {
      for (DemoPhotos.Photo b : PHOTOS) {
        if (a == b) {
          continue;
        }
        closest = Math.min(closest, distance(a.file(), b.file()));
        for (CopyTransform t : DemoUploads.TRANSFORMS) {
          closest = Math.min(closest, distance(a.file(), key(b, t)));
        }
      }
    }
    System.out.println("closest pair of different photos (originals or copies): " + closest);
    // measured 11 bits; twice the radius leaves room for float noise across CPUs
    assertThat(closest).isGreaterThan(2 * DemoUploads.SUGGESTED_RADIUS);
  }
}
