package io.hashstream.inference;

import io.hashstream.encoder.ImageEncoder;
import io.hashstream.image.CenterCropPreprocessor;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Image bytes to raw encoder embeddings: decode ({@link ImageDecoder}), preprocess ({@link
 * CenterCropPreprocessor}), encode in batches of at most {@link #maxBatchSize()} ({@link
 * ImageEncoder}). Stops before any post-processing, so the output is what training ({@code .npy}
 * view files) and evaluation consume, and what a model's {@link
 * io.hashstream.encoder.EmbeddingPostprocessor} expects.
 *
 * <p><b>Failures.</b> Each image gets its own {@link ImageResult}: a decode failure names the
 * decoder's reason; an embedding with a NaN or infinity is {@link
 * FailureReason#NON_FINITE_EMBEDDING}. If the encoder throws on a batch, that batch is encoded
 * again one image at a time, so only the images that fail alone are {@link
 * FailureReason#INFERENCE_FAILED}. Only a closed extractor ({@link IllegalStateException}) fails a
 * whole call.
 *
 * <p><b>Cost.</b> Per image: one decode (10–20 ms for a 1 Mpx JPEG on one core), one resize and
 * crop, and the encoder's share of a batch (the bundled MobileNetV2-1.4 is about 1.2 GFLOP per
 * image). Memory is bounded by one batch: at most {@link #maxBatchSize()} decoded images and one
 * float batch of {@code maxBatchSize · valuesPerImage} floats are alive per call.
 *
 * <p><b>Threads.</b> {@link #extract} and {@link #embed} may be called from several threads at
 * once: the decoder and preprocessor are immutable, each call allocates its own batch, and the
 * encoder gives each concurrent call its own engine session. {@link #close()} closes the encoder,
 * which waits for calls in flight.
 */
public final class EmbeddingExtractor implements AutoCloseable {
  /** The batch size of {@link #of(ImageEncoder)}. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 16;

  private final ImageEncoder encoder;
  private final ImageDecoder decoder;
  private final CenterCropPreprocessor preprocessor;
  private final int maxBatchSize;

  /**
   * Creates an extractor that owns {@code encoder} (closing the extractor closes it).
   *
   * @param encoder the frozen encoder
   * @param decoder the decoder and its limits
   * @param preprocessor the preprocessing; its shape must be the encoder's input shape
   * @param maxBatchSize images per encoder call, at least 1
   * @throws IllegalArgumentException if the shapes differ or the batch size is below 1
   */
  public EmbeddingExtractor(
      ImageEncoder encoder,
      ImageDecoder decoder,
      CenterCropPreprocessor preprocessor,
      int maxBatchSize) {
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
    if (!preprocessor.shape().equals(encoder.inputShape())) {
      throw new IllegalArgumentException(
          "preprocessor writes "
              + preprocessor.shape()
              + " but encoder "
              + encoder.encoderId()
              + " takes "
              + encoder.inputShape());
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
    }
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * An extractor with the default decoder, centre-crop preprocessing for the encoder's input shape
   * (values {@code v / 255}, as the bundled encoder takes) and {@link #DEFAULT_MAX_BATCH_SIZE}.
   *
   * @param encoder the encoder, owned by the extractor from now on
   * @return the extractor
   */
  public static EmbeddingExtractor of(ImageEncoder encoder) {
    return new EmbeddingExtractor(
        encoder,
        ImageDecoder.withDefaults(),
        CenterCropPreprocessor.forBundledEncoder(),
        DEFAULT_MAX_BATCH_SIZE);
  }

  /**
   * The encoder's id, which a model's post-processor must name.
   *
   * @return the encoder id
   */
  public String encoderId() {
    return encoder.encoderId();
  }

  /**
   * Floats per embedding.
   *
   * @return the encoder's embedding size
   */
  public int embeddingSize() {
    return encoder.embeddingSize();
  }

  /**
   * Images per encoder call.
   *
   * @return the maximum batch size
   */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /**
   * Decodes and encodes images; one result per image, in input order.
   *
   * @param images the images; neither the list nor the bytes are modified
   * @return {@link ImageResult.Ok} with a fresh raw embedding, or {@link ImageResult.Failed}
   * @throws IllegalStateException if the extractor is closed
   */
  public List<ImageResult<float[]>> extract(List<EncodedImage> images) {
    List<ImageResult<float[]>> results = new ArrayList<>(images.size());
    for (int start = 0; start < images.size(); start += maxBatchSize) {
      List<EncodedImage> chunk = images.subList(start, Math.min(images.size(), start + maxBatchSize));
      List<String> ids = new ArrayList<>(chunk.size());
      List<RgbImage> decoded = new ArrayList<>(chunk.size());
      List<ImageResult<float[]>> chunkResults = new ArrayList<>(chunk.size());
      for (EncodedImage image : chunk) {
        try {
          decoded.add(decoder.decode(image.bytes()));
          ids.add(image.id());
          chunkResults.add(null); // filled below
        } catch (ImageDecodeException e) {
          chunkResults.add(
              new ImageResult.Failed<>(
                  image.id(), FailureReason.of(e.reason()), String.valueOf(e.getMessage())));
        }
      }
      List<ImageResult<float[]>> embedded = embedDecoded(ids, decoded);
      int next = 0;
      for (int i = 0; i < chunkResults.size(); i++) {
        if (chunkResults.get(i) == null) {
          chunkResults.set(i, embedded.get(next++));
        }
      }
      results.addAll(chunkResults);
    }
    return results;
  }

  /**
   * Encodes images that are already decoded (e.g. augmented training views); one result per
   * image, in input order. Failures are typed as for {@link #extract}.
   *
   * @param ids one id per image, for the results
   * @param images the images, not modified
   * @return one result per image
   * @throws IllegalArgumentException if the lists differ in size
   * @throws IllegalStateException if the extractor is closed
   */
  public List<ImageResult<float[]>> embedDecoded(List<String> ids, List<RgbImage> images) {
    if (ids.size() != images.size()) {
      throw new IllegalArgumentException(ids.size() + " ids for " + images.size() + " images");
    }
    List<ImageResult<float[]>> results = new ArrayList<>(images.size());
    int per = preprocessor.shape().valuesPerImage();
    for (int start = 0; start < images.size(); start += maxBatchSize) {
      int n = Math.min(maxBatchSize, images.size() - start);
      float[] batch = new float[n * per];
      for (int i = 0; i < n; i++) {
        preprocessor.preprocessInto(images.get(start + i), batch, i);
      }
      results.addAll(encodeBatch(ids.subList(start, start + n), batch, n, per));
    }
    return results;
  }

  /**
   * Encodes decoded images that are known to be good, failing as a whole if any image fails: for
   * training-data pipelines, where a failure is a bug rather than bad input.
   *
   * @param images the images, not modified
   * @return one raw embedding per image, in input order
   * @throws IllegalStateException if an image fails, naming it by its position, or the extractor
   *     is closed
   */
  public float[][] embed(List<RgbImage> images) {
    List<String> ids = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      ids.add(Integer.toString(i));
    }
    List<ImageResult<float[]>> results = embedDecoded(ids, images);
    float[][] out = new float[results.size()][];
    for (int i = 0; i < out.length; i++) {
      ImageResult<float[]> result = results.get(i);
      if (result instanceof ImageResult.Failed<float[]> failed) {
        throw new IllegalStateException(
            "image " + i + " failed: " + failed.reason() + ": " + failed.detail());
      }
      out[i] = ((ImageResult.Ok<float[]>) result).value();
    }
    return out;
  }

  private List<ImageResult<float[]>> encodeBatch(List<String> ids, float[] batch, int n, int per) {
    float[][] embeddings;
    try {
      embeddings = encoder.encode(batch, n);
    } catch (IllegalStateException e) {
      throw e; // closed: not the images' fault
    } catch (RuntimeException e) {
      if (n == 1) {
        return List.of(
            new ImageResult.Failed<>(ids.get(0), FailureReason.INFERENCE_FAILED, e.toString()));
      }
      List<ImageResult<float[]>> one = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] single = new float[per];
        System.arraycopy(batch, i * per, single, 0, per);
        one.addAll(encodeBatch(ids.subList(i, i + 1), single, 1, per));
      }
      return one;
    }
    List<ImageResult<float[]>> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      results.add(checkFinite(ids.get(i), embeddings[i]));
    }
    return results;
  }

  private static ImageResult<float[]> checkFinite(String id, float[] embedding) {
    for (int j = 0; j < embedding.length; j++) {
      if (!Float.isFinite(embedding[j])) {
        return new ImageResult.Failed<>(
            id,
            FailureReason.NON_FINITE_EMBEDDING,
            "embedding value " + j + " is " + embedding[j]);
      }
    }
    return new ImageResult.Ok<>(id, embedding);
  }

  /** Closes the encoder (which waits for calls in flight). Idempotent. */
  @Override
  public void close() {
    encoder.close();
  }
}
