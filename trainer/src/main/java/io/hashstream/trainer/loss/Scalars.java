package io.hashstream.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * Scalar constants for arithmetic on the gradient tape. DJL's {@code NDArray.mul(Number)}, {@code
 * div(Number)}, {@code maximum(Number)} and the like wrap the number in a temporary array backed by
 * a Java direct buffer and close it as soon as the op returns; PyTorch's autograd keeps that array
 * for the backward pass, and once the garbage collector frees the buffer, {@code backward()} reads
 * freed memory. It showed as runs with the same seed diverging after a few steps, depending on
 * when the GC ran. Every constant in a differentiable expression therefore comes from here: a copy
 * in memory PyTorch owns, attached to the operand's NDManager (so it lives as long as the step).
 * Stateless.
 */
final class Scalars {
  private Scalars() {}

  /**
   * A 0-d constant of {@code like}'s data type, in {@code like}'s manager.
   *
   * @param like the array the constant will be combined with
   * @param value the value
   * @return the constant, in tensor memory that PyTorch allocated
   */
  static NDArray of(NDArray like, double value) {
    return like.getManager().create(value).toType(like.getDataType(), true);
  }
}
