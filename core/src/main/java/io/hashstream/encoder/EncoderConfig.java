package io.hashstream.encoder;

/**
 * How to run one encoder model. Immutable; validated on construction. Start from {@link #of(String,
 * EncoderInputShape)} and adjust with the {@code with…} methods.
 *
 * @param encoderId stable identifier of the encoder and its weights (see {@link
 *     ImageEncoder#encoderId()}); must not be blank
 * @param inputShape shape and layout of one preprocessed image
 * @param inputName name of the model input to feed, or {@code null} to use the model's only input
 *     (ONNX Runtime matches inputs by name; TorchScript ignores names)
 * @param outputName name of the model output holding the embedding, or {@code null} for the first
 *     output
 * @param intraOpThreads threads one ONNX Runtime inference may use, or 0 for the engine default
 *     (one per core). PyTorch ignores it: libtorch's pool is process-wide and set with the system
 *     property {@code ai.djl.pytorch.num_threads}
 * @param expectedEmbeddingSize the embedding size the model must produce, or 0 to accept what it
 *     produces on the load-time probe
 */
public record EncoderConfig(
    String encoderId,
    EncoderInputShape inputShape,
    String inputName,
    String outputName,
    int intraOpThreads,
    int expectedEmbeddingSize) {

  /** Validates the fields. */
  public EncoderConfig {
    if (encoderId == null || encoderId.isBlank()) {
      throw new IllegalArgumentException("encoderId is required");
    }
    if (inputShape == null) {
      throw new IllegalArgumentException("inputShape is required");
    }
    if (inputName != null && inputName.isEmpty()) {
      throw new IllegalArgumentException("inputName must be null or non-empty");
    }
    if (outputName != null && outputName.isEmpty()) {
      throw new IllegalArgumentException("outputName must be null or non-empty");
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0: " + intraOpThreads);
    }
    if (expectedEmbeddingSize < 0) {
      throw new IllegalArgumentException(
          "expectedEmbeddingSize must be >= 0: " + expectedEmbeddingSize);
    }
  }

  /**
   * A config with the model's only input, its first output, default threads and any embedding size.
   *
   * @param encoderId stable identifier of the encoder and its weights
   * @param inputShape shape and layout of one preprocessed image
   * @return the config
   */
  public static EncoderConfig of(String encoderId, EncoderInputShape inputShape) {
    return new EncoderConfig(encoderId, inputShape, null, null, 0, 0);
  }

  /**
   * Returns a copy that feeds the named input.
   *
   * @param name the model input's name
   * @return the new config
   */
  public EncoderConfig withInputName(String name) {
    return new EncoderConfig(
        encoderId, inputShape, name, outputName, intraOpThreads, expectedEmbeddingSize);
  }

  /**
   * Returns a copy that reads the named output.
   *
   * @param name the model output's name
   * @return the new config
   */
  public EncoderConfig withOutputName(String name) {
    return new EncoderConfig(
        encoderId, inputShape, inputName, name, intraOpThreads, expectedEmbeddingSize);
  }

  /**
   * Returns a copy with the given ONNX Runtime intra-op thread count.
   *
   * @param threads threads per inference, 0 for the engine default
   * @return the new config
   */
  public EncoderConfig withIntraOpThreads(int threads) {
    return new EncoderConfig(
        encoderId, inputShape, inputName, outputName, threads, expectedEmbeddingSize);
  }

  /**
   * Returns a copy that requires the given embedding size.
   *
   * @param size floats per embedding, 0 for any
   * @return the new config
   */
  public EncoderConfig withExpectedEmbeddingSize(int size) {
    return new EncoderConfig(encoderId, inputShape, inputName, outputName, intraOpThreads, size);
  }
}
