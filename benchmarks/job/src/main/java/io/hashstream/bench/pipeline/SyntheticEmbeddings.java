package io.hashstream.bench.pipeline;

import io.hashstream.demo.DemoPhotos;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Many distinct, real-looking embeddings of the bundled encoder made from a few real ones (the
 * demo photos'), cheaply: each value of a new item is the same dimension's value in a randomly
 * chosen real embedding, times a random gain {@code e^u}, u uniform in ±{@value #LOG_GAIN}. So
 * every dimension keeps the value range and sparsity it has in real images (the encoder's outputs
 * are non-negative and about half zero), while the mixture differs per dimension and per item.
 *
 * <p>Why this mixture: the HashCoder is trained to be robust, so whole-vector mixtures of 16 photos
 * or mild noise collapse onto a few hundred codes (measured: 4,000 convex mixtures of 3 photos gave
 * 2,465 distinct codes and 2.5% of pairs within 4 bits), which would turn a throughput run into a
 * flood of alerts. Per-dimension mixtures with this gain gave 4,000 distinct codes of 4,000, a
 * median pair distance of 23 bits (real photos: 28) and 2.5e-7 of pairs within 4 bits.
 *
 * <p>Cost: a few microseconds per item (one random long gives four dimensions; gains come from a
 * table). Deterministic for a seed. Not thread-safe: one instance per thread.
 */
public final class SyntheticEmbeddings {
  static final double LOG_GAIN = 1.7320508; // sqrt(3): unit variance of u
  private static final int GAIN_BITS = 12;

  private final float[][] photos;
  private final int dims;
  private final float[] gains = new float[1 << GAIN_BITS];
  private final SplittableRandom random;

  /**
   * @param photos real embeddings, all of one size (at least one)
   * @param seed the seed
   */
  public SyntheticEmbeddings(float[][] photos, long seed) {
    if (photos.length == 0) {
      throw new IllegalArgumentException("need at least one real embedding");
    }
    this.dims = photos[0].length;
    for (float[] p : photos) {
      if (p.length != dims) {
        throw new IllegalArgumentException("embeddings of different sizes: " + p.length + " and " + dims);
      }
    }
    this.photos = photos.clone();
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < gains.length; i++) {
      double u = LOG_GAIN * (2.0 * (i + 0.5) / gains.length - 1.0);
      gains[i] = (float) Math.exp(u);
    }
  }

  int dimensions() {
    return dims;
  }

  /** A new item. */
  public float[] next() {
    float[] out = new float[dims];
    int n = photos.length;
    long bits = 0;
    int left = 0;
    for (int i = 0; i < dims; i++) {
      if (left == 0) {
        bits = random.nextLong();
        left = 4;
      }
      int chunk = (int) (bits & 0xffff);
      bits >>>= 16;
      left--;
      // photo: the chunk's high 4 bits when there are exactly 16 photos, else a fresh draw
      int photo = n == 16 ? chunk >>> GAIN_BITS : random.nextInt(n);
      out[i] = photos[photo][i] * gains[chunk & ((1 << GAIN_BITS) - 1)];
    }
    return out;
  }

  /**
   * A near-copy of {@code embedding}: every value scaled by a random factor within ±{@code
   * relative} (what re-encoding an image does to its embedding); a new array.
   */
  public static float[] jitter(float[] embedding, double relative, SplittableRandom random) {
    float[] out = embedding.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= (float) (1 + relative * (2 * random.nextDouble() - 1));
    }
    return out;
  }

  /** The 16 demo photos' real embeddings (the bundled encoder, one thread): the mixtures' source. */
  public static float[][] demoPhotoEmbeddings() {
    List<DemoPhotos.Photo> photos = DemoPhotos.load();
    List<EncodedImage> encoded = new ArrayList<>();
    for (DemoPhotos.Photo p : photos) {
      encoded.add(EncodedImage.of(p.file(), p.bytes()));
    }
    float[][] out = new float[photos.size()][];
    try (EmbeddingExtractor extractor = EmbeddingExtractor.of(BundledEncoder.open(1))) {
      List<ImageResult<float[]>> results = extractor.extract(encoded);
      for (int i = 0; i < out.length; i++) {
        if (!(results.get(i) instanceof ImageResult.Ok<float[]> ok)) {
          throw new IllegalStateException("demo photo " + photos.get(i).file() + " does not embed: " + results.get(i));
        }
        out[i] = ok.value();
      }
    }
    return out;
  }
}
