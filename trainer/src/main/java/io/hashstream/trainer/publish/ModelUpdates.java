package io.hashstream.trainer.publish;

import io.hashstream.model.ModelArtifact;
import io.hashstream.schemas.ModelUpdate;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the control message for an artifact: version, bits, encoder id, embedding size, the
 * artifact's URI and file sha256, its metrics and creation time (from the artifact, so the message
 * says when the model was made, not when it was sent). Stateless.
 */
public final class ModelUpdates {
  private ModelUpdates() {}

  /**
   * The update announcing {@code artifact}.
   *
   * @param artifact the model
   * @param artifactUri where consumers load it from (file:// or a Flink file-system scheme)
   * @param artifactSha256 the lower-case hex sha256 of the artifact file at that URI
   * @param createdBy who publishes it, or null
   * @return the record
   * @throws IllegalArgumentException if the sha256 is not 64 hex digits or the URI has no scheme
   */
  public static ModelUpdate of(
      ModelArtifact artifact, URI artifactUri, String artifactSha256, String createdBy) {
    if (artifactSha256 == null || !artifactSha256.matches("(?i)[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a hex sha256: " + artifactSha256);
    }
    if (artifactUri.getScheme() == null) {
      throw new IllegalArgumentException("artifact URI needs a scheme (e.g. file://): " + artifactUri);
    }
    Map<String, Double> metrics = new LinkedHashMap<>(artifact.metrics());
    Instant createdAt = artifact.createdAt();
    return ModelUpdate.newBuilder()
        .setVersion(artifact.version().id())
        .setBits(artifact.codeLength().bits())
        .setEncoderId(artifact.encoderId())
        .setEmbeddingSize(artifact.embeddingSize())
        .setArtifactUri(artifactUri.toString())
        .setArtifactSha256(artifactSha256.toLowerCase(Locale.ROOT))
        .setMetrics(metrics)
        .setCreatedAt(createdAt)
        .setCreatedBy(createdBy)
        .setRollbackOf(null)
        .build();
  }
}
