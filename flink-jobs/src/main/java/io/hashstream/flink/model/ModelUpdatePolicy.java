package io.hashstream.flink.model;

import io.hashstream.flink.ingest.RejectedUploadException;
import io.hashstream.flink.ingest.UriPolicy;
import io.hashstream.inference.DefaultModel;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SwapStage;
import io.hashstream.schemas.security.ModelSigning;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which model updates the job acts on, decided before any file is read: a {@code PREPARE} must be
 * signed by a trusted key ({@code model.trusted-keys}, Ed25519, {@link ModelSigning}) and name an
 * artifact under an allowed location ({@code model.artifact-locations}, normalised like image URIs:
 * {@link UriPolicy}); the shipped default model is always allowed. Otherwise the update is a dead
 * letter ({@code MODEL_SIGNATURE_INVALID}, {@code MODEL_LOCATION_NOT_ALLOWED}) and nothing changes:
 * no file is opened, so an update can never make the job read or hash an arbitrary file. {@code
 * ACTIVATE} messages are the job's own and only ever activate a version a checked {@code PREPARE}
 * prepared ({@link io.hashstream.flink.swap.SwapStateMachine}).
 *
 * <p>Keys are rotated by trusting the new key beside the old one, publishing with the new key, then
 * dropping the old one (SECURITY.md). Immutable, serializable, thread-safe.
 */
public final class ModelUpdatePolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TreeMap<String, PublicKey> trusted;
  private final List<String> locations;

  /**
   * @param trusted trusted public keys by {@link ModelSigning#keyId}
   * @param locations URI prefixes (folders) artifacts may be loaded from
   * @throws IllegalArgumentException for a location that is no folder URI
   */
  public ModelUpdatePolicy(Map<String, PublicKey> trusted, List<String> locations) {
    this.trusted = new TreeMap<>(trusted);
    this.locations = List.copyOf(locations);
    for (String l : locations) {
      try {
        UriPolicy.normalise(l, true);
      } catch (RejectedUploadException e) {
        throw new IllegalArgumentException("model.artifact-locations '" + l + "': " + e.getMessage());
      }
    }
  }

  /**
   * The policy of {@code model.trusted-keys} (PEM files) and {@code model.artifact-locations}.
   *
   * @throws IllegalArgumentException if a key file is not an Ed25519 public key
   */
  public static ModelUpdatePolicy of(List<Path> keyFiles, List<String> locations) {
    Map<String, PublicKey> keys = new TreeMap<>();
    for (Path file : keyFiles) {
      PublicKey key = ModelSigning.readPublicKey(file);
      keys.put(ModelSigning.keyId(key), key);
    }
    return new ModelUpdatePolicy(keys, locations);
  }

  /** The ids of the trusted keys. */
  public List<String> trustedKeyIds() {
    return List.copyOf(trusted.keySet());
  }

  /**
   * Checks a control message's update.
   *
   * @throws ModelRejectedException {@code MODEL_SIGNATURE_INVALID} or {@code
   *     MODEL_LOCATION_NOT_ALLOWED}; ACTIVATE messages always pass
   */
  public void check(ModelUpdate update) throws ModelRejectedException {
    if (update.getStage() == SwapStage.ACTIVATE) {
      return;
    }
    ModelSigning.Verification v = ModelSigning.verify(update, Collections.unmodifiableMap(trusted));
    if (!v.valid()) {
      throw new ModelRejectedException(DeadLetterReason.MODEL_SIGNATURE_INVALID,
          "model update " + update.getVersion() + " refused: " + v.problem());
    }
    String artifact = update.getArtifactUri();
    if (artifact.equals(ModelReference.CLASSPATH + DefaultModel.RESOURCE)) {
      return; // the shipped default model (a rollback to it)
    }
    URI uri;
    try {
      uri = UriPolicy.normalise(artifact, false);
    } catch (RejectedUploadException e) {
      throw locationRefused(update, e.getMessage());
    }
    for (String location : locations) {
      try {
        if (UriPolicy.under(uri, UriPolicy.normalise(location, true))) {
          return;
        }
      } catch (RejectedUploadException impossible) {
        throw new IllegalStateException(impossible); // checked in the constructor
      }
    }
    throw locationRefused(update, locations.isEmpty()
        ? "this job loads no published artifacts (model.artifact-locations is empty)"
        : "the artifact is not under " + String.join(", ", locations) + " (model.artifact-locations)");
  }

  private static ModelRejectedException locationRefused(ModelUpdate update, String why) {
    return new ModelRejectedException(DeadLetterReason.MODEL_LOCATION_NOT_ALLOWED,
        "model update " + update.getVersion() + " refused: " + why
            + "; copy the artifact to an allowed location and publish it from there");
  }

  @Override
  public String toString() {
    return "ModelUpdatePolicy{trusted keys " + new ArrayList<>(trusted.keySet()) + ", locations " + locations + "}";
  }
}
