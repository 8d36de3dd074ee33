package io.hashstream.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeLength;
import io.hashstream.code.PackedCodes;
import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageHasherTest {

  @Test
  void codesEqualTheSessionsCodesOfThePostprocessedEmbeddingAndFailuresPassThrough() {
    ModelArtifact model = InferenceFixtures.model(7);
    FakeEncoder encoder = new FakeEncoder();
    byte[] good = InferenceFixtures.noisePng(3);
    try (ImageHasher hasher =
            ImageHasher.of(untrimmed(InferenceFixtures.extractor(encoder, 4)),
                HashCoderSession.open(model));
        HashCoderSession oracle = HashCoderSession.open(model);
        SignalExtractor raw = untrimmed(InferenceFixtures.extractor(new FakeEncoder(), 4))) {
      List<ImageResult<long[]>> codes =
          hasher.hash(
              List.of(
                  EncodedImage.of("good", good),
                  EncodedImage.of("broken", Arrays.copyOf(good, good.length / 2)),
                  EncodedImage.of("nan", InferenceFixtures.png(0x102030, FakeEncoder.NAN_TRIGGER))));

      assertThat(codes).extracting(ImageResult::isOk).containsExactly(true, false, false);
      assertThat(((ImageResult.Failed<long[]>) codes.get(1)).reason())
          .isEqualTo(FailureReason.CORRUPT_IMAGE);
      assertThat(((ImageResult.Failed<long[]>) codes.get(2)).reason())
          .isEqualTo(FailureReason.NON_FINITE_EMBEDDING);

      float[] embedding =
          ((ImageResult.Ok<float[]>) raw.embed(List.of(EncodedImage.of("good", good))).get(0))
              .value();
      EmbeddingPostprocessor post = model.postprocessor();
      long[] expected = oracle.codes(post.apply(embedding), 1);
      long[] code = ((ImageResult.Ok<long[]>) codes.get(0)).value();
      assertThat(code).containsExactly(expected);
      assertThat(hasher.codeLength()).isEqualTo(CodeLength.ofBits(16));
      PackedCodes.requireValid(hasher.codeLength(), code, 0);
    }
  }

  @Test
  void aModelOfAnotherEncoderIsRefused() {
    ModelArtifact model = InferenceFixtures.model(7);
    try (HashCoderSession session = HashCoderSession.open(model);
        EmbeddingExtractor extractor =
            new EmbeddingExtractor(
                new FakeEncoder() {
                  @Override
                  public String encoderId() {
                    return "another-encoder";
                  }
                },
                io.hashstream.image.ImageDecoder.withDefaults(),
                new io.hashstream.image.CenterCropPreprocessor(
                    FakeEncoder.SHAPE, io.hashstream.image.ChannelNormalization.NONE),
                4)) {
      assertThatThrownBy(() -> ImageHasher.of(extractor, session))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another-encoder");
    }
  }

  /** The fake encoder's 4x4 trigger pixels sit on the border: keep the images whole. */
  private static SignalExtractor untrimmed(EmbeddingExtractor extractor) {
    return new SignalExtractor(extractor, io.hashstream.image.ImageDecoder.withDefaults(), null);
  }
}
