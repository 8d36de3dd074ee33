package io.hashstream.lookup;

import io.hashstream.schemas.security.ClientConnection;
import java.nio.file.Path;

/**
 * The look-up service's settings, checked on construction.
 *
 * @param kafka Kafka and the schema registry, with their security settings
 * @param topic the bank topic ({@code bank-signals})
 * @param httpPort the HTTP port on 127.0.0.1 (0: any free one)
 * @param pdqRadius the largest PDQ distance a look-up reports (HMA's default threshold: 31)
 * @param crovcaRadius the largest CroVCA distance a look-up reports
 * @param model the model artifact POSTed images are hashed with (its version's CroVCA entries are
 *     the ones looked up), or null for the bundled default model
 * @param maxUploadBytes the largest POSTed image
 */
public record LookupConfig(
    ClientConnection kafka, String topic, int httpPort, int pdqRadius,
    int crovcaRadius, Path model, int maxUploadBytes) {

  /** The address the service binds to: one machine only. */
  public static final String HOST = "127.0.0.1";

  /** Checks the ranges. */
  public LookupConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("http port must be 0..65535, was " + httpPort);
    }
    if (pdqRadius < 0 || pdqRadius > 256 || crovcaRadius < 0 || crovcaRadius > 256) {
      throw new IllegalArgumentException("radii must be 0..256");
    }
    if (maxUploadBytes < 1024) {
      throw new IllegalArgumentException("max upload must be at least 1 KiB");
    }
  }
}
