package io.hashstream.trainer.views;

import io.hashstream.image.RgbImage;
import io.hashstream.inference.EmbeddingExtractor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Two-view training embeddings from photos: for photo {@code i} and pair {@code p}, views {@code 0}
 * and {@code 1} are independent draws of a {@link ViewAugmentation} seeded by {@link ViewSeeds}
 * from (seed, i, p, view), embedded raw by an {@link EmbeddingExtractor}. Row {@code i · pairs + p}
 * of both outputs is that pair, so the result is a pure function of the photos, the seed and the
 * encoder (up to the encoder's float nondeterminism across batch sizes, below 1e-5).
 *
 * <p><b>Cost.</b> Per photo: one decode and shrink ({@link PhotoLoader}), {@code 2 · pairs}
 * augmentations (drawn in parallel on the common fork-join pool) and {@code 2 · pairs} encoder
 * passes. Memory: one photo's views ({@code 2 · pairs} images of {@code size²} pixels) plus the
 * output, {@code 2 · photos · pairs · d} floats.
 *
 * <p><b>Threads.</b> One call at a time per instance; the instance itself holds no mutable state.
 *
 * @param loader decodes and shrinks photos
 * @param augmentation the view transform
 * @param extractor the encoder front end (not closed here)
 * @param pairsPerPhoto pairs drawn from each photo, at least 1
 * @param seed the run's seed
 */
public record AugmentedViewPairs(
    PhotoLoader loader,
    ViewAugmentation augmentation,
    EmbeddingExtractor extractor,
    int pairsPerPhoto,
    long seed) {

  /** Checks the pair count. */
  public AugmentedViewPairs {
    if (pairsPerPhoto < 1) {
      throw new IllegalArgumentException("pairsPerPhoto must be at least 1: " + pairsPerPhoto);
    }
  }

  /** The two views' raw embeddings, {@code [photos · pairs][d]} each, row-aligned. */
  public record Views(float[][] first, float[][] second) {}

  /**
   * Draws and embeds every pair.
   *
   * @param photos the photos, in the order that fixes their indices
   * @param onPhotoDone called with the number of photos done after each photo
   * @return both views
   */
  public Views embed(List<Path> photos, IntConsumer onPhotoDone) {
    int rows = Math.multiplyExact(photos.size(), pairsPerPhoto);
    float[][] first = new float[rows][];
    float[][] second = new float[rows][];
    for (int i = 0; i < photos.size(); i++) {
      RgbImage photo = loader.load(photos.get(i));
      int photoIndex = i;
      List<RgbImage> views =
          IntStream.range(0, 2 * pairsPerPhoto)
              .parallel()
              .mapToObj(
                  v ->
                      augmentation.apply(
                          photo, ViewSeeds.of(seed, photoIndex, v / 2, v % 2)))
              .toList();
      float[][] embedded = extractor.embed(new ArrayList<>(views));
      for (int p = 0; p < pairsPerPhoto; p++) {
        first[i * pairsPerPhoto + p] = embedded[2 * p];
        second[i * pairsPerPhoto + p] = embedded[2 * p + 1];
      }
      onPhotoDone.accept(i + 1);
    }
    return new Views(first, second);
  }
}
