package io.hashstream.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Reads model bytes and checks them against a pinned sha256. Stateless. */
final class ModelDigest {
  private ModelDigest() {}

  /** Lower-case hex sha256 of {@code bytes}. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JRE has SHA-256", e);
    }
  }

  /**
   * Reads the whole stream and returns it if its sha256 is {@code expectedSha256}.
   *
   * @throws ModelIntegrityException if the digest differs
   */
  static byte[] readVerified(InputStream in, String source, String expectedSha256) {
    String expected = normalise(expectedSha256);
    byte[] bytes;
    try (in) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + source, e);
    }
    String actual = sha256(bytes);
    if (!actual.equals(expected)) {
      throw new ModelIntegrityException(source, expected, actual);
    }
    return bytes;
  }

  /** {@link #readVerified(InputStream, String, String)} for a file. */
  static byte[] readVerified(Path file, String expectedSha256) {
    try {
      return readVerified(Files.newInputStream(file), file.toString(), expectedSha256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + file, e);
    }
  }

  /** Validates a hex sha256 and lower-cases it. */
  static String normalise(String sha256) {
    if (sha256 == null || !sha256.matches("(?i)[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a hex sha256: " + sha256);
    }
    return sha256.toLowerCase(Locale.ROOT);
  }
}
