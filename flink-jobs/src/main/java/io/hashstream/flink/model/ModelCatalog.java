package io.hashstream.flink.model;

import io.hashstream.model.HashCoderSession;
import io.hashstream.model.InvalidModelArtifactException;
import io.hashstream.model.ModelArtifact;
import io.hashstream.schemas.DeadLetterReason;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions loaded in this JVM, shared by every slot of a TaskManager: a version is
 * loaded once however many subtasks use it, and closed when the last one releases it. The index
 * function acquires the versions it serves (the active one, and the one being migrated to); the
 * inference function hashes every upload with all {@link #live()} versions in one batch each, so
 * that during a migration both codes are ready.
 *
 * <p>Before a version is loaded it is checked against its {@link ModelReference}: the file's
 * sha256, then the artifact's version, code length, encoder id and input width, and the running
 * encoder. A mismatch is a {@link ModelRejectedException} and nothing changes.
 *
 * <p>Thread-safe. Loading holds the catalog's lock (a load takes about a second and happens only
 * on start and on a model update).
 */
public final class ModelCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);
  private static final ModelCatalog SHARED = new ModelCatalog();

  /** Largest artifact read: a 1792-d, 256-bit HashCoder is about 15 MB. */
  static final int MAX_ARTIFACT_BYTES = 512 << 20;

  private final Map<String, Entry> loaded = new LinkedHashMap<>();

  /** The catalog of this JVM. */
  public static ModelCatalog shared() {
    return SHARED;
  }

  /**
   * Loads a version (or takes another reference to it, if loaded) after checking it.
   *
   * @param reference what was promised
   * @param encoderId the running encoder's id
   * @param embeddingSize the running encoder's embedding size
   * @return the model; call {@link #release} with its version when done
   * @throws ModelRejectedException if it cannot be read, does not match, or cannot be loaded
   */
  public synchronized LoadedModel acquire(ModelReference reference, String encoderId, int embeddingSize)
      throws ModelRejectedException {
    checkPromise(reference, encoderId, embeddingSize);
    Entry entry = loaded.get(reference.version());
    if (entry != null) {
      if (!entry.model.reference().artifactSha256().equalsIgnoreCase(reference.artifactSha256())) {
        throw new ModelRejectedException(
            DeadLetterReason.MODEL_CHECKSUM_MISMATCH,
            "model version " + reference.version() + " is loaded with another sha256 than the"
                + " update's (" + reference.artifactSha256() + "): versions are immutable, publish"
                + " a new version");
      }
      entry.users++;
      return entry.model;
    }
    ModelArtifact artifact = read(reference);
    checkArtifact(reference, artifact);
    HashCoderSession session;
    try {
      session = HashCoderSession.open(artifact);
    } catch (RuntimeException e) {
      throw new ModelRejectedException(
          DeadLetterReason.MODEL_LOAD_FAILED,
          "model " + reference.version() + " could not be loaded into the engine: " + e, e);
    }
    LoadedModel model = new LoadedModel(reference, session);
    loaded.put(reference.version(), new Entry(model));
    LOG.info("loaded model {} ({} bits) from {}", reference.version(), reference.bits(),
        reference.artifactUri());
    return model;
  }

  /** Drops one reference to a version; the last one closes it. Unknown versions are ignored. */
  public synchronized void release(String version) {
    Entry entry = loaded.get(version);
    if (entry == null) {
      return;
    }
    if (--entry.users == 0) {
      loaded.remove(version);
      entry.model.close();
      LOG.info("unloaded model {}", version);
    }
  }

  /** The loaded versions, oldest first (a snapshot). */
  public synchronized List<LoadedModel> live() {
    List<LoadedModel> out = new ArrayList<>(loaded.size());
    loaded.values().forEach(e -> out.add(e.model));
    return out;
  }

  /** The loaded model of a version, if any. */
  public synchronized Optional<LoadedModel> get(String version) {
    Entry entry = loaded.get(version);
    return entry == null ? Optional.empty() : Optional.of(entry.model);
  }

  private static void checkPromise(ModelReference r, String encoderId, int embeddingSize)
      throws ModelRejectedException {
    if (!r.encoderId().equals(encoderId)) {
      throw new ModelRejectedException(
          DeadLetterReason.INVALID_MODEL_UPDATE,
          "model " + r.version() + " is for encoder '" + r.encoderId() + "', the job runs '"
              + encoderId + "': train it on this encoder's embeddings");
    }
    if (r.embeddingSize() != embeddingSize) {
      throw new ModelRejectedException(
          DeadLetterReason.INVALID_MODEL_UPDATE,
          "model " + r.version() + " takes " + r.embeddingSize() + "-d embeddings, the encoder gives "
              + embeddingSize);
    }
    if (r.artifactSha256().length() != 64 || !r.artifactSha256().matches("[0-9a-fA-F]+")) {
      throw new ModelRejectedException(
          DeadLetterReason.INVALID_MODEL_UPDATE,
          "artifactSha256 '" + r.artifactSha256() + "' is not a hex sha256");
    }
  }

  private static void checkArtifact(ModelReference r, ModelArtifact artifact)
      throws ModelRejectedException {
    String problem = null;
    if (!artifact.version().id().equals(r.version())) {
      problem = "the artifact is version " + artifact.version().id();
    } else if (artifact.codeLength().bits() != r.bits()) {
      problem = "the artifact has " + artifact.codeLength().bits() + " bits, the update says "
          + r.bits();
    } else if (!artifact.encoderId().equals(r.encoderId())) {
      problem = "the artifact is for encoder " + artifact.encoderId();
    } else if (artifact.embeddingSize() != r.embeddingSize()) {
      problem = "the artifact takes " + artifact.embeddingSize() + "-d embeddings";
    }
    if (problem != null) {
      throw new ModelRejectedException(
          DeadLetterReason.INVALID_MODEL_UPDATE,
          "update for model " + r.version() + " does not describe its artifact: " + problem);
    }
  }

  /** Reads and verifies the artifact file the reference points at. */
  static ModelArtifact read(ModelReference r) throws ModelRejectedException {
    byte[] bytes = readBytes(r.artifactUri());
    String actual = sha256(bytes);
    if (!actual.equalsIgnoreCase(r.artifactSha256())) {
      // the file's own digest is not told: a dead letter must not hash files for anyone
      throw new ModelRejectedException(
          DeadLetterReason.MODEL_CHECKSUM_MISMATCH,
          "artifact " + r.artifactUri() + " does not have the sha256 the update says ("
              + r.artifactSha256() + "): the file changed or the update is wrong; republish");
    }
    try {
      return ModelArtifact.fromBytes(bytes, r.artifactUri());
    } catch (InvalidModelArtifactException e) {
      throw new ModelRejectedException(
          DeadLetterReason.MODEL_LOAD_FAILED, "artifact " + r.artifactUri() + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readBytes(String uri) throws ModelRejectedException {
    try (InputStream in = open(uri)) {
      byte[] bytes = in.readNBytes(MAX_ARTIFACT_BYTES + 1);
      if (bytes.length > MAX_ARTIFACT_BYTES) {
        throw new ModelRejectedException(
            DeadLetterReason.MODEL_LOAD_FAILED,
            "artifact " + uri + " is larger than " + (MAX_ARTIFACT_BYTES >> 20) + " MiB");
      }
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new ModelRejectedException(
          DeadLetterReason.MODEL_LOAD_FAILED,
          "cannot read artifact " + uri + ": " + e
              + " (is the path visible to every TaskManager, and its file system configured?)",
          e);
    }
  }

  private static InputStream open(String uri) throws IOException {
    if (uri.startsWith(ModelReference.CLASSPATH)) {
      String resource = uri.substring(ModelReference.CLASSPATH.length());
      InputStream in = ModelCatalog.class.getResourceAsStream(resource);
      if (in == null) {
        throw new IOException("no classpath resource " + resource);
      }
      return in;
    }
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem();
    return fs.open(path);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class Entry {
    final LoadedModel model;
    int users = 1;

    Entry(LoadedModel model) {
      this.model = model;
    }
  }
}
