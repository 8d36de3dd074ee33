package io.hashstream.flink.model;

import io.hashstream.inference.DefaultModel;
import io.hashstream.model.ModelArtifact;
import io.hashstream.schemas.ModelUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the job needs to know to load one model version and to check that it is the model it was
 * promised: the version, code length, encoder, input width, where the artifact lives and the
 * sha256 of the file. Built from a {@link ModelUpdate} or, for the model the job starts with, from
 * the configuration.
 *
 * @param artifactUri {@code classpath:/...} (a resource, e.g. the default model), {@code file://}
 *     or any scheme Flink's FileSystem has a plugin for ({@code s3://})
 * @param artifactSha256 lower-case hex sha256 of the whole artifact file
 */
public record ModelReference(
    String version,
    int bits,
    String encoderId,
    int embeddingSize,
    String artifactUri,
    String artifactSha256)
    implements Serializable {

  /** The URI scheme of classpath resources. */
  public static final String CLASSPATH = "classpath:";

  public ModelReference {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(encoderId, "encoderId");
    Objects.requireNonNull(artifactUri, "artifactUri");
    Objects.requireNonNull(artifactSha256, "artifactSha256");
  }

  /** The reference a control message carries. */
  public static ModelReference of(ModelUpdate update) {
    return new ModelReference(
        update.getVersion(),
        update.getBits(),
        update.getEncoderId(),
        update.getEmbeddingSize(),
        update.getArtifactUri(),
        update.getArtifactSha256());
  }

  /**
   * The default model shipped in core: reads its header once (version, bits) and its sha256
   * resource.
   */
  public static ModelReference ofDefault() {
    var artifact = DefaultModel.load();
    return new ModelReference(
        artifact.version().id(),
        artifact.codeLength().bits(),
        artifact.encoderId(),
        artifact.embeddingSize(),
        CLASSPATH + DefaultModel.RESOURCE,
        readResource(DefaultModel.SHA256_RESOURCE).trim().split("\\s+")[0].toLowerCase());
  }

  /**
   * The model a job with empty state starts with, from its {@code model.initial} setting: {@code
   * default} (the shipped model) or a local artifact (a path or {@code file:} URI), checked against
   * {@code sha256} when that is not empty. Cost: reads the artifact once (its header fields are part
   * of the reference).
   *
   * @throws IllegalArgumentException if the setting names anything else or the sha256 differs
   */
  public static ModelReference initial(String setting, String sha256) {
    if (setting.equals("default")) {
      return ofDefault();
    }
    String uri = setting.contains(":") ? setting : Path.of(setting).toAbsolutePath().toUri().toString();
    if (!uri.startsWith("file:")) {
      throw new IllegalArgumentException("model.initial must be 'default' or a local file, got '"
          + setting + "'; publish other models on the control topic");
    }
    Path file = Path.of(URI.create(uri));
    ModelArtifact artifact = ModelArtifact.read(file);
    String actual = ModelArtifact.fileSha256(file);
    if (!sha256.isEmpty() && !sha256.equalsIgnoreCase(actual)) {
      throw new IllegalArgumentException(
          "model.initial " + file + " has sha256 " + actual + ", model.initial.sha256 says " + sha256);
    }
    return new ModelReference(artifact.version().id(), artifact.codeLength().bits(),
        artifact.encoderId(), artifact.embeddingSize(), uri, actual);
  }

  private static String readResource(String resource) {
    try (InputStream in = ModelReference.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
