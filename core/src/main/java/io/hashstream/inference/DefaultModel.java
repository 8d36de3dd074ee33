package io.hashstream.inference;

import io.hashstream.model.InvalidModelArtifactException;
import io.hashstream.model.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The default model shipped in core's resources: a 64-bit CroVCA HashCoder trained for the bundled
 * encoder ({@link io.hashstream.encoder.BundledEncoder}) on augmented views of Debian-packaged
 * photos. How it was made (data, licences, the exact command) is in {@code PROVENANCE.md} beside
 * it and reproduced by {@code tools/default-model/train.sh}; the command is also stored in the
 * artifact. Stateless.
 */
public final class DefaultModel {
  /** Classpath resource of the artifact. */
  public static final String RESOURCE = "/io/hashstream/model/default-crovca-64.hsm";

  /** Classpath resource holding the artifact file's lower-case hex sha256. */
  public static final String SHA256_RESOURCE = RESOURCE + ".sha256";

  private DefaultModel() {}

  /**
   * Reads the default model, checking the file's sha256 against {@link #SHA256_RESOURCE} and then
   * the artifact's own checksum. Cost: reading about 13 MB.
   *
   * @return the artifact
   * @throws InvalidModelArtifactException if the resource does not match its sha256 or is not a
   *     valid artifact
   * @throws IllegalStateException if the resource is not on the classpath
   */
  public static ModelArtifact load() {
    byte[] bytes = read(RESOURCE);
    String expected = new String(read(SHA256_RESOURCE), StandardCharsets.US_ASCII).trim();
    expected = expected.split("\\s+")[0];
    String actual = sha256(bytes);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new InvalidModelArtifactException(
          InvalidModelArtifactException.Reason.DIGEST_MISMATCH,
          "classpath:" + RESOURCE,
          "sha256 " + actual + ", expected " + expected + " (" + SHA256_RESOURCE + ")");
    }
    return ModelArtifact.fromBytes(bytes, "classpath:" + RESOURCE);
  }

  private static byte[] read(String resource) {
    try (InputStream in = DefaultModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "default model resource " + resource + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JRE has SHA-256", e);
    }
  }
}
