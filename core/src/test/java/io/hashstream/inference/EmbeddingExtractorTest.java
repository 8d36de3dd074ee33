package io.hashstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.ImageDecoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingExtractorTest {

  @Test
  void everyImageGetsItsOwnResultInInputOrder() {
    FakeEncoder encoder = new FakeEncoder();
    try (EmbeddingExtractor extractor = InferenceFixtures.extractor(encoder, 2)) {
      List<ImageResult<float[]>> results =
          extractor.extract(
              List.of(
                  EncodedImage.of("good-1", InferenceFixtures.noisePng(1)),
                  EncodedImage.of("empty", new byte[0]),
                  EncodedImage.of("text", "not an image".getBytes()),
                  EncodedImage.of("nan", InferenceFixtures.png(0x102030, FakeEncoder.NAN_TRIGGER)),
                  EncodedImage.of("good-2", InferenceFixtures.noisePng(2))));

      assertThat(results).extracting(ImageResult::id)
          .containsExactly("good-1", "empty", "text", "nan", "good-2");
      assertThat(results).extracting(ImageResult::isOk)
          .containsExactly(true, false, false, false, true);
      assertThat(((ImageResult.Failed<float[]>) results.get(1)).reason())
          .isEqualTo(FailureReason.MISSING_IMAGE);
      assertThat(((ImageResult.Failed<float[]>) results.get(2)).reason())
          .isEqualTo(FailureReason.UNSUPPORTED_IMAGE_FORMAT);
      assertThat(((ImageResult.Failed<float[]>) results.get(3)).reason())
          .isEqualTo(FailureReason.NON_FINITE_EMBEDDING);
      assertThat(((ImageResult.Ok<float[]>) results.get(0)).value()).hasSize(FakeEncoder.SIZE);
    }
  }

  @Test
  void anEncoderFailureIsRetriedImageByImageSoOnlyTheCulpritFails() {
    FakeEncoder encoder = new FakeEncoder();
    try (EmbeddingExtractor extractor = InferenceFixtures.extractor(encoder, 4)) {
      List<ImageResult<float[]>> results =
          extractor.extract(
              List.of(
                  EncodedImage.of("a", InferenceFixtures.noisePng(1)),
                  EncodedImage.of("poison", InferenceFixtures.png(0x445566, FakeEncoder.POISON)),
                  EncodedImage.of("b", InferenceFixtures.noisePng(2))));

      assertThat(results).extracting(ImageResult::isOk).containsExactly(true, false, true);
      assertThat(((ImageResult.Failed<float[]>) results.get(1)).reason())
          .isEqualTo(FailureReason.INFERENCE_FAILED);
      assertThat(encoder.batchSizes).containsExactly(3, 1, 1, 1);
    }
  }

  @Test
  void batchesAreBoundedAndResultsDoNotDependOnBatching() {
    List<EncodedImage> images =
        java.util.stream.IntStream.range(0, 5)
            .mapToObj(i -> EncodedImage.of("img-" + i, InferenceFixtures.noisePng(i)))
            .toList();
    FakeEncoder byTwo = new FakeEncoder();
    FakeEncoder byFive = new FakeEncoder();
    try (EmbeddingExtractor two = InferenceFixtures.extractor(byTwo, 2);
        EmbeddingExtractor five = InferenceFixtures.extractor(byFive, 5)) {
      List<ImageResult<float[]>> a = two.extract(images);
      List<ImageResult<float[]>> b = five.extract(images);
      assertThat(byTwo.batchSizes).containsExactly(2, 2, 1);
      assertThat(byFive.batchSizes).containsExactly(5);
      for (int i = 0; i < images.size(); i++) {
        assertThat(((ImageResult.Ok<float[]>) a.get(i)).value())
            .containsExactly(((ImageResult.Ok<float[]>) b.get(i)).value());
      }
    }
  }

  @Test
  void closingTheExtractorClosesTheEncoderAndLaterCallsFail() {
    FakeEncoder encoder = new FakeEncoder();
    EmbeddingExtractor extractor = InferenceFixtures.extractor(encoder, 2);
    extractor.close();
    assertThat(encoder.closed).isTrue();
    assertThatThrownBy(
            () -> extractor.extract(List.of(EncodedImage.of("a", InferenceFixtures.noisePng(1)))))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPreprocessorOfAnotherShapeIsRefused() {
    assertThatThrownBy(
            () ->
                new EmbeddingExtractor(
                    new FakeEncoder(),
                    ImageDecoder.withDefaults(),
                    CenterCropPreprocessor.forBundledEncoder(),
                    4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fake-encoder");
  }
}
