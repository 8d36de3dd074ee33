package io.hashstream.image;

/**
 * Why an image was rejected by {@link ImageDecoder}. Each constant is named exactly as the symbol
 * of the Avro enum {@code io.hashstream.schemas.DeadLetterReason} it maps to, so a dead-letter
 * writer (which sees the schemas module; core does not) maps it with {@code
 * DeadLetterReason.valueOf(reason.name())}. A test checks the names against the schema file.
 */
public enum DecodeFailureReason {
  /** No bytes at all: a null or zero-length payload. */
  MISSING_IMAGE,
  /**
   * The bytes start like a supported format but cannot be decoded: truncated, damaged, a header
   * with zero or negative dimensions, or any exception the image reader threw.
   */
  CORRUPT_IMAGE,
  /**
   * The magic bytes name no supported format (unknown bytes, TIFF, HEIF/AVIF, JPEG 2000, ICO, SVG,
   * …), no reader is installed for the format, or the pixels use a colour model that cannot be
   * converted to RGB.
   */
  UNSUPPORTED_IMAGE_FORMAT,
  /**
   * The header declares more pixels than {@link ImageDecoderConfig#maxPixels()}: a possible
   * decompression bomb, rejected before any pixel is decoded.
   */
  IMAGE_TOO_LARGE
}
