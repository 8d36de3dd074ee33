package io.hashstream.inference;

import io.hashstream.image.DecodeFailureReason;

/**
 * Why one image got no embedding or code. The first four are {@link DecodeFailureReason}s under
 * the same names (so they map one to one onto the dead-letter reasons); the others happen after
 * decoding.
 */
public enum FailureReason {
  /** No bytes at all. */
  MISSING_IMAGE,
  /** The bytes look like a supported format but cannot be decoded. */
  CORRUPT_IMAGE,
  /** The format is not one the decoder reads. */
  UNSUPPORTED_IMAGE_FORMAT,
  /** The header declares more pixels than the decoder's limit. */
  IMAGE_TOO_LARGE,
  /** The bytes could not be read at all (a file that vanished, a permission error). */
  UNREADABLE,
  /** The encoder produced a NaN or infinite value for this image. */
  NON_FINITE_EMBEDDING,
  /** The encoder or the HashCoder failed on this image even when run alone. */
  INFERENCE_FAILED;

  /**
   * The reason for a decode failure.
   *
   * @param reason the decoder's reason
   * @return the same-named reason
   */
  public static FailureReason of(DecodeFailureReason reason) {
    return valueOf(reason.name());
  }
}
