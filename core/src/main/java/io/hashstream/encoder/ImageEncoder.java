package io.hashstream.encoder;

/**
 * A frozen image encoder: a batch of preprocessed images in, one float embedding per image out.
 *
 * <p>Input is a row-major float32 batch in the layout of {@link #inputShape()} (for the bundled
 * encoder: NCHW {@code [n, 3, 224, 224]}, RGB scaled to [0, 1], no mean/std). Decoding, resizing
 * and cropping happen before the encoder. Output is the raw embedding ({@link #embeddingSize()}
 * floats per image); {@link EmbeddingPostprocessor} turns it into the normalised vector the
 * HashCoder consumes.
 *
 * <p><b>Thread-safety.</b> Every implementation allows {@link #encode(float[], int)} to be called
 * from several threads at once: one encoder per device is shared by the slots of a TaskManager.
 * Concurrent calls do not queue behind each other in Java; each borrows its own engine session (a
 * DJL {@code Predictor}), so how much they overlap is up to the native engine's own thread pool.
 * Results do not depend on which thread or which batch an image was encoded in, up to float
 * rounding of batched kernels (below 1e-5 for the bundled model). {@link #close()} waits for calls
 * in flight and must not race with new calls: a call that starts after {@code close()} began throws
 * {@link IllegalStateException}.
 *
 * <p><b>Cost.</b> One native inference per call; the bundled ONNX encoder takes about 10–15 ms per
 * 224×224 image on two CPU cores, nearly independent of batch size. Each call allocates the batch
 * tensor (natively) and the returned arrays; nothing native outlives the call.
 */
public interface ImageEncoder extends AutoCloseable {

  /**
   * A stable identifier of this encoder and its weights, e.g. {@code
   * mobilenet_v2_140_nsfwjs@sha256:d25f939da8ceeb87}. Embeddings (and everything derived from them:
   * centring statistics, HashCoders, codes) are only comparable when their encoder ids are equal.
   *
   * @return the encoder id, never empty
   */
  String encoderId();

  /**
   * Number of floats in one embedding.
   *
   * @return the embedding dimension (1792 for the bundled encoder)
   */
  int embeddingSize();

  /**
   * The shape of one input image.
   *
   * @return channels, height, width and layout
   */
  EncoderInputShape inputShape();

  /**
   * Encodes a batch. Neither argument is modified or retained.
   *
   * @param batch {@code batchSize * inputShape().valuesPerImage()} floats, images one after the
   *     other, each in the layout of {@link #inputShape()}
   * @param batchSize number of images, at least 1
   * @return {@code batchSize} fresh arrays of {@link #embeddingSize()} floats, in input order
   * @throws IllegalArgumentException if {@code batch.length} does not match {@code batchSize}
   * @throws IllegalStateException if the encoder is closed
   * @throws EncoderException if the engine fails
   */
  float[][] encode(float[] batch, int batchSize);

  /**
   * Encodes images given one array each, by copying them into one batch.
   *
   * @param images one array of {@code inputShape().valuesPerImage()} floats per image; not modified
   * @return one embedding per image, in input order
   * @throws IllegalArgumentException if an image has the wrong length or there are none
   * @throws IllegalStateException if the encoder is closed
   * @throws EncoderException if the engine fails
   */
  default float[][] encode(float[][] images) {
    if (images.length == 0) {
      throw new IllegalArgumentException("no images");
    }
    int per = inputShape().valuesPerImage();
    float[] batch = new float[Math.multiplyExact(images.length, per)];
    for (int i = 0; i < images.length; i++) {
      if (images[i].length != per) {
        throw new IllegalArgumentException(
            "image " + i + " has " + images[i].length + " values, expected " + per);
      }
      System.arraycopy(images[i], 0, batch, i * per, per);
    }
    return encode(batch, images.length);
  }

  /** Waits for calls in flight, then releases the native model and sessions. Idempotent. */
  @Override
  void close();
}
