package io.hashstream.inference;

import java.util.Objects;

/**
 * An image as it arrived: an id chosen by the caller (a path, an event id) and its encoded bytes.
 * The bytes are not copied; the caller must not modify them while a call uses them.
 *
 * @param id names the image in results and error messages
 * @param bytes the encoded image (JPEG, PNG, GIF, BMP, WebP); may be empty, which fails as {@code
 *     MISSING_IMAGE}
 */
public record EncodedImage(String id, byte[] bytes) {

  /**
   * Checks the parts.
   *
   * @throws NullPointerException if {@code id} or {@code bytes} is null
   */
  public EncodedImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * Shorthand for the constructor.
   *
   * @param id names the image
   * @param bytes the encoded image
   * @return the image
   */
  public static EncodedImage of(String id, byte[] bytes) {
    return new EncodedImage(id, bytes);
  }
}
