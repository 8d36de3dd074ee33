package io.hashstream.model;

import io.hashstream.code.CodeLength;
import io.hashstream.encoder.EmbeddingPostprocessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything needed to turn a frozen encoder's raw embeddings into codes of one model version: the
 * HashCoder weights, the {@link EmbeddingPostprocessor} statistics it was trained behind (encoder
 * id, centring mean, sample count), and provenance (training metrics, the command that made it,
 * the creation time). Stored as one file (format v1, see {@link ModelArtifactCodec} for the byte
 * layout) that starts with a magic number and a format version and ends with a sha256 of the
 * content, which every {@link #read(Path)} verifies.
 *
 * <p>Immutable; safe to share between threads. {@link #createdAt()} is kept to the millisecond,
 * the precision the file stores, so an artifact equals what reading it back gives.
 *
 * @param version the model version (unique, immutable)
 * @param postprocessor the post-processing the embeddings get before the HashCoder; its {@link
 *     EmbeddingPostprocessor#encoderId()} and {@link EmbeddingPostprocessor#dimension()} are the
 *     artifact's encoder id and embedding size
 * @param weights the HashCoder weights; {@link HashCoderWeights#bits()} is a supported {@link
 *     CodeLength}
 * @param metrics training and evaluation figures by name (sorted, unmodifiable)
 * @param command the command line that made the artifact
 * @param createdAt when it was made
 */
public record ModelArtifact(
    ModelVersion version,
    EmbeddingPostprocessor postprocessor,
    HashCoderWeights weights,
    Map<String, Double> metrics,
    String command,
    Instant createdAt) {

  /**
   * The newest format version this build reads (it reads every older one too); it writes the
   * oldest that holds the model (v1 unless the hidden layer is narrower or wider than the input).
   */
  public static final int FORMAT_VERSION = ModelArtifactCodec.FORMAT_VERSION;

  /**
   * Checks that the parts fit together.
   *
   * @throws IllegalArgumentException if the post-processor's size is not the weights' input size,
   *     or the bit count is not a supported code length
   * @throws NullPointerException if any part is null
   */
  public ModelArtifact {
    if (version == null
        || postprocessor == null
        || weights == null
        || metrics == null
        || command == null
        || createdAt == null) {
      throw new NullPointerException("every part of a model artifact is required");
    }
    if (postprocessor.dimension() != weights.embeddingSize()) {
      throw new IllegalArgumentException(
          "postprocessor is "
              + postprocessor.dimension()
              + "-d but the HashCoder takes "
              + weights.embeddingSize());
    }
    CodeLength.ofBits(weights.bits());
    for (String name : metrics.keySet()) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("a metric needs a name");
      }
    }
    metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The id of the frozen encoder the model was trained on.
   *
   * @return the encoder id
   */
  public String encoderId() {
    return postprocessor.encoderId();
  }

  /**
   * The HashCoder's input width.
   *
   * @return d
   */
  public int embeddingSize() {
    return weights.embeddingSize();
  }

  /**
   * The code length.
   *
   * @return the length
   */
  public CodeLength codeLength() {
    return CodeLength.ofBits(weights.bits());
  }

  /**
   * Encodes the artifact in the current format. Cost: one pass over the weights plus a sha256 of
   * them (about 13 MB for d = 1792).
   *
   * @return the file content
   */
  public byte[] toBytes() {
    return ModelArtifactCodec.encode(this);
  }

  /**
   * Decodes and verifies an artifact.
   *
   * @param bytes the file content
   * @param source where it came from, for error messages
   * @return the artifact
   * @throws InvalidModelArtifactException if it is not a valid artifact of a known format version
   */
  public static ModelArtifact fromBytes(byte[] bytes, String source) {
    return ModelArtifactCodec.decode(bytes, source);
  }

  /**
   * Writes the artifact to {@code file} atomically (a temporary file in the same folder, then a
   * rename), replacing any file there.
   *
   * @param file where to write
   * @return the lower-case hex sha256 of the whole file, the digest a control message carries
   * @throws UncheckedIOException if the file cannot be written
   */
  public String write(Path file) {
    byte[] bytes = toBytes();
    Path dir = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      // not createTempFile: its owner-only permissions would follow the rename
      Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
      try {
        Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model artifact " + file, e);
    }
    return ModelArtifactCodec.sha256Hex(bytes);
  }

  /**
   * Reads an artifact, verifying its format and its sha256.
   *
   * @param file the artifact file
   * @return the artifact
   * @throws InvalidModelArtifactException if the file is not a valid artifact
   * @throws UncheckedIOException if it cannot be read
   */
  public static ModelArtifact read(Path file) {
    return fromBytes(readAll(file), file.toString());
  }

  /**
   * Reads an artifact whose whole-file sha256 is known (from a control message), checking that
   * digest first and then the artifact's own.
   *
   * @param file the artifact file
   * @param expectedFileSha256 hex sha256 of the whole file
   * @return the artifact
   * @throws InvalidModelArtifactException with {@link
   *     InvalidModelArtifactException.Reason#DIGEST_MISMATCH} if the file's digest differs, or
   *     another reason if the file is not a valid artifact
   */
  public static ModelArtifact read(Path file, String expectedFileSha256) {
    byte[] bytes = readAll(file);
    String actual = ModelArtifactCodec.sha256Hex(bytes);
    if (!actual.equalsIgnoreCase(expectedFileSha256)) {
      throw new InvalidModelArtifactException(
          InvalidModelArtifactException.Reason.DIGEST_MISMATCH,
          file.toString(),
          "file sha256 is " + actual + ", expected " + expectedFileSha256);
    }
    return fromBytes(bytes, file.toString());
  }

  /**
   * The lower-case hex sha256 of a whole file, as a control message carries it.
   *
   * @param file the file
   * @return the digest
   */
  public static String fileSha256(Path file) {
    return ModelArtifactCodec.sha256Hex(readAll(file));
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model artifact " + file, e);
    }
  }
}
