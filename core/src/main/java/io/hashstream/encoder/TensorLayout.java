package io.hashstream.encoder;

/** Memory order of one image batch handed to an {@link ImageEncoder}. */
public enum TensorLayout {
  /**
   * {@code [batch, channels, height, width]}: channel planes one after the other (PyTorch, ONNX).
   */
  NCHW,
  /** {@code [batch, height, width, channels]}: interleaved pixels (TensorFlow). */
  NHWC
}
