package io.hashstream.inference;

import io.hashstream.code.CodeLength;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVersion;
import io.hashstream.pdq.PdqDihedralHashes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Image bytes to packed codes of one model version: {@link EmbeddingExtractor} (decode,
 * preprocess, batched encoder), then the model's {@link EmbeddingPostprocessor} (signed sqrt,
 * centring on the artifact's stored mean, L2), then the {@link HashCoderSession} (bit {@code i} is
 * {@code logit_i > 0}, packed as {@link io.hashstream.code.PackedCodes#packSigns} does).
 *
 * <pre>{@code
 * try (ImageHasher hasher = ImageHasher.openBundled(ModelArtifact.read(path))) {
 *   for (ImageResult<long[]> r : hasher.hash(images)) { ... }   // Ok: codeLength().words() longs
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> One {@link ImageResult} per image, in input order; see {@link
 * EmbeddingExtractor} for decode and encoder failures. If the HashCoder throws on a batch, its rows
 * are run again one at a time, so only a row that fails alone is {@link
 * FailureReason#INFERENCE_FAILED}.
 *
 * <p><b>Cost.</b> The encoder dominates (tens of ms per image on a CPU core for the bundled
 * encoder); the HashCoder adds about {@code 2(d² + d·bits)} flops per image (7 MFLOP at d = 1792,
 * 64 bits). Memory: one batch of decoded images and floats, as in {@link EmbeddingExtractor}.
 *
 * <p><b>Threads.</b> {@link #hash} may be called from several threads at once: the extractor and
 * the session both support concurrent calls, and each call allocates its own arrays. {@link
 * #close()} closes the extractor (and its encoder) and the session, each of which waits for calls
 * in flight.
 */
public final class ImageHasher implements AutoCloseable {
  private final SignalExtractor signals;
  private final HashCoderSession session;

  /**
   * An image's two signals as the job computes them: its code under this hasher's model version
   * and its PDQ hash (with its eight rotations and flips).
   *
   * @param code the packed code, {@code codeLength().words()} longs
   * @param pdq the PDQ hashes and quality
   */
  public record HashedImage(long[] code, PdqDihedralHashes pdq) {}

  private ImageHasher(SignalExtractor signals, HashCoderSession session) {
    this.signals = signals;
    this.session = session;
  }

  /**
   * A hasher over an extractor and a session, taking ownership of both (closing the hasher closes
   * them; if this throws, neither is closed). Uniform-colour margins are trimmed before hashing,
   * as the streaming job does ({@link SignalExtractor}).
   *
   * @param extractor the image-to-embedding part
   * @param session the loaded model
   * @return the hasher
   * @throws IllegalArgumentException if the model was trained on another encoder's embeddings or
   *     for another embedding size
   */
  public static ImageHasher of(EmbeddingExtractor extractor, HashCoderSession session) {
    Objects.requireNonNull(extractor, "extractor");
    return of(SignalExtractor.of(extractor, true), session);
  }

  /**
   * A hasher over a signal extractor (its decoder and border trimming) and a session, taking
   * ownership of both.
   *
   * @param signals the image-to-signals part; it must have an encoder
   * @param session the loaded model
   * @return the hasher
   * @throws IllegalArgumentException if the model was trained on another encoder's embeddings or
   *     for another embedding size
   */
  public static ImageHasher of(SignalExtractor signals, HashCoderSession session) {
    ModelArtifact artifact = session.artifact();
    if (!artifact.encoderId().equals(signals.encoderId())) {
      throw new IllegalArgumentException("model " + artifact.version()
          + " was trained on embeddings of " + artifact.encoderId() + ", not of "
          + signals.encoderId());
    }
    if (artifact.embeddingSize() != signals.embeddingSize()) {
      throw new IllegalArgumentException("model " + artifact.version() + " takes "
          + artifact.embeddingSize() + "-d embeddings; the encoder gives "
          + signals.embeddingSize());
    }
    return new ImageHasher(signals, session);
  }

  /**
   * A hasher with the bundled encoder (ONNX Runtime, one intra-op thread per core) and the given
   * model. Cost: loading the encoder (about 20 MB) and the model into their engines.
   *
   * @param artifact a model trained for the bundled encoder
   * @return the hasher, which the caller closes
   * @throws IllegalArgumentException if the model is for another encoder
   */
  public static ImageHasher openBundled(ModelArtifact artifact) {
    EmbeddingExtractor extractor = EmbeddingExtractor.of(BundledEncoder.open());
    HashCoderSession session = null;
    try {
      session = HashCoderSession.open(artifact);
      return of(extractor, session);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      extractor.close();
      throw e;
    }
  }

  /**
   * A hasher with the bundled encoder and the {@link DefaultModel}.
   *
   * @return the hasher, which the caller closes
   */
  public static ImageHasher openDefault() {
    return openBundled(DefaultModel.load());
  }

  /**
   * The version every code of this hasher belongs to; codes of other versions must never be
   * compared with them.
   *
   * @return the model version
   */
  public ModelVersion version() {
    return session.version();
  }

  /**
   * The length of the codes.
   *
   * @return the code length
   */
  public CodeLength codeLength() {
    return session.codeLength();
  }

  /**
   * The loaded model.
   *
   * @return the artifact
   */
  public ModelArtifact artifact() {
    return session.artifact();
  }

  /**
   * Hashes images; one result per image, in input order.
   *
   * @param images the images; not modified
   * @return {@link ImageResult.Ok} with a fresh packed code of {@code codeLength().words()} longs,
   *     or {@link ImageResult.Failed}
   * @throws IllegalStateException if the hasher is closed
   */
  public List<ImageResult<long[]>> hash(List<EncodedImage> images) {
    return codesOf(signals.embed(images));
  }

  /**
   * Hashes images with both signals: the code and the PDQ hash; one result per image, in order.
   *
   * @param images the images; not modified
   * @return {@link ImageResult.Ok} with both, or {@link ImageResult.Failed}
   * @throws IllegalStateException if the hasher is closed
   */
  public List<ImageResult<HashedImage>> hashBoth(List<EncodedImage> images) {
    List<ImageResult<SignalExtractor.Signals>> extracted = signals.extract(images);
    List<ImageResult<float[]>> embeddings = new ArrayList<>(extracted.size());
    for (ImageResult<SignalExtractor.Signals> r : extracted) {
      embeddings.add(r instanceof ImageResult.Ok<SignalExtractor.Signals> ok
          ? new ImageResult.Ok<>(ok.id(), ok.value().embedding())
          : ((ImageResult.Failed<SignalExtractor.Signals>) r).retype());
    }
    List<ImageResult<long[]>> codes = codesOf(embeddings);
    List<ImageResult<HashedImage>> out = new ArrayList<>(codes.size());
    for (int i = 0; i < codes.size(); i++) {
      out.add(codes.get(i) instanceof ImageResult.Ok<long[]> ok
          ? new ImageResult.Ok<>(ok.id(), new HashedImage(ok.value(),
              ((ImageResult.Ok<SignalExtractor.Signals>) extracted.get(i)).value().pdq()))
          : ((ImageResult.Failed<long[]>) codes.get(i)).retype());
    }
    return out;
  }

  /**
   * Codes of raw embeddings that were extracted earlier (e.g. retained embeddings re-hashed with a
   * new model version); failures are passed through.
   *
   * @param embeddings results of {@link EmbeddingExtractor#extract}; not modified
   * @return one result per input, in order
   * @throws IllegalStateException if the hasher is closed
   */
  public List<ImageResult<long[]>> codesOf(List<ImageResult<float[]>> embeddings) {
    EmbeddingPostprocessor postprocessor = session.postprocessor();
    int d = postprocessor.dimension();
    List<ImageResult<long[]>> results = new ArrayList<>(embeddings.size());
    List<Integer> rowsAt = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    for (ImageResult<float[]> result : embeddings) {
      if (result instanceof ImageResult.Failed<float[]> failed) {
        results.add(failed.retype());
        continue;
      }
      ImageResult.Ok<float[]> ok = (ImageResult.Ok<float[]>) result;
      float[] row = ok.value().clone();
      try {
        postprocessor.iapply(row);
      } catch (IllegalArgumentException e) {
        results.add(
            new ImageResult.Failed<>(ok.id(), FailureReason.NON_FINITE_EMBEDDING, e.getMessage()));
        continue;
      }
      rowsAt.add(results.size());
      rows.add(row);
      results.add(null); // filled below
    }
    if (rows.isEmpty()) {
      return results;
    }
    long[][] codes = codesOfRows(rows, d);
    for (int r = 0; r < rows.size(); r++) {
      int at = rowsAt.get(r);
      String id = embeddings.get(at).id();
      results.set(
          at,
          codes[r] == null
              ? new ImageResult.Failed<>(
                  id, FailureReason.INFERENCE_FAILED, "the HashCoder failed on this embedding")
              : new ImageResult.Ok<>(id, codes[r]));
    }
    return results;
  }

  /** Codes per row; a null entry for a row the HashCoder failed on even alone. */
  private long[][] codesOfRows(List<float[]> rows, int d) {
    int n = rows.size();
    float[] batch = new float[n * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(rows.get(r), 0, batch, r * d, d);
    }
    int words = session.codeLength().words();
    long[][] out = new long[n][];
    try {
      long[] packed = session.codes(batch, n);
      for (int r = 0; r < n; r++) {
        out[r] = new long[words];
        System.arraycopy(packed, r * words, out[r], 0, words);
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      for (int r = 0; r < n; r++) {
        try {
          out[r] = session.codes(rows.get(r), 1);
        } catch (IllegalStateException closed) {
          throw closed;
        } catch (RuntimeException single) {
          out[r] = null;
        }
      }
    }
    return out;
  }

  /** Closes the session and the extractor (and its encoder). Idempotent. */
  @Override
  public void close() {
    try {
      session.close();
    } finally {
      signals.close();
    }
  }
}
