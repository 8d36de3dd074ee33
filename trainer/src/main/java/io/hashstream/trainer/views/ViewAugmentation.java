package io.hashstream.trainer.views;

import io.hashstream.image.RgbImage;
import java.util.random.RandomGenerator;

/**
 * Draws one training view of a photo. The view distribution decides what the HashCoder learns to
 * ignore: the paper's {@link io.hashstream.image.CrovcaAugmentation} (semantic retrieval) or
 * {@link CopyLikeAugmentation} (near-duplicate detection, the default model's recipe).
 */
@FunctionalInterface
public interface ViewAugmentation {
  /**
   * Draws a view.
   *
   * @param photo the photo
   * @param random the only source of randomness, so a seed fixes the view
   * @return the view
   */
  RgbImage apply(RgbImage photo, RandomGenerator random);
}
