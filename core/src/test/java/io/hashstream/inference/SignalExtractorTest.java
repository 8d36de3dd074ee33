package io.hashstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.BorderTrimmer;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.SignalExtractor.Signals;
import io.hashstream.pdq.PdqHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalExtractorTest {
  private static RgbImage photo() throws Exception {
    byte[] png = Files.readAllBytes(Path.of(
        System.getProperty("hashstream.repo.root", ".."), "core/src/test/resources/encoder/images/camera.png"));
    return ImageDecoder.withDefaults().decode(png);
  }

  /** {@code image} letterboxed: black bars of {@code bar} rows above and below. */
  private static RgbImage letterboxed(RgbImage image, int bar) {
    int w = image.width();
    int h = image.height() + 2 * bar;
    int[] out = new int[w * h];
    int[] in = image.pixels();
    System.arraycopy(in, 0, out, bar * w, in.length);
    return RgbImage.of(w, h, out);
  }

  private static Signals ok(ImageResult<Signals> r) {
    assertThat(r.isOk()).as(r.toString()).isTrue();
    return ((ImageResult.Ok<Signals>) r).value();
  }

  @Test
  void bothSignalsComeFromOneDecodeAndBarsAreTrimmedBeforeBoth() throws Exception {
    RgbImage photo = photo();
    byte[] plain = ImageFileWriter.png(photo);
    byte[] barred = ImageFileWriter.png(letterboxed(photo, photo.height() / 5));
    try (SignalExtractor extractor =
        SignalExtractor.of(InferenceFixtures.extractor(new FakeEncoder(), 4), true)) {
      List<ImageResult<Signals>> results = extractor.extract(List.of(
          EncodedImage.of("plain", plain), EncodedImage.of("broken", new byte[] {1, 2, 3}),
          EncodedImage.of("barred", barred)));

      assertThat(results).extracting(ImageResult::id).containsExactly("plain", "broken", "barred");
      assertThat(results.get(1).isOk()).isFalse();
      Signals a = ok(results.get(0));
      Signals b = ok(results.get(2));
      assertThat(a.pdq().original().hex())
          .isEqualTo(new PdqHasher().hash(BorderTrimmer.withDefaults().trim(photo)).hex());
      assertThat(a.pdq().original().distance(b.pdq().original())).isLessThanOrEqualTo(4);
      assertThat(a.embedding()).hasSize(FakeEncoder.SIZE).isEqualTo(b.embedding());
    }
  }

  @Test
  void withoutTrimmingBarsChangeThePdqHash() throws Exception {
    RgbImage photo = photo();
    try (SignalExtractor extractor =
        SignalExtractor.of(InferenceFixtures.extractor(new FakeEncoder(), 4), false)) {
      List<ImageResult<Signals>> results = extractor.extract(List.of(
          EncodedImage.of("plain", ImageFileWriter.png(photo)),
          EncodedImage.of("barred", ImageFileWriter.png(letterboxed(photo, photo.height() / 5)))));

      assertThat(ok(results.get(0)).pdq().original().distance(ok(results.get(1)).pdq().original()))
          .isGreaterThan(31);
    }
  }

  @Test
  void eachSignalAloneIsWhatBothTogetherGive() throws Exception {
    List<EncodedImage> images = List.of(EncodedImage.of("photo", ImageFileWriter.png(photo())),
        EncodedImage.of("broken", new byte[] {9}));
    try (SignalExtractor both =
            SignalExtractor.of(InferenceFixtures.extractor(new FakeEncoder(), 4), true);
        SignalExtractor pdqOnly = SignalExtractor.pdqOnly(true)) {
      Signals together = ok(both.extract(images).get(0));
      List<ImageResult<float[]>> embedded = both.embed(images);
      List<ImageResult<io.hashstream.pdq.PdqDihedralHashes>> hashed = pdqOnly.pdq(images);

      assertThat(((ImageResult.Ok<float[]>) embedded.get(0)).value()).isEqualTo(together.embedding());
      assertThat(((ImageResult.Ok<io.hashstream.pdq.PdqDihedralHashes>) hashed.get(0)).value()
          .original()).isEqualTo(together.pdq().original());
      assertThat(embedded.get(1).isOk()).isFalse();
      assertThat(hashed.get(1).isOk()).isFalse();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pdqOnly.extract(images))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("PDQ only");
    }
  }
}
