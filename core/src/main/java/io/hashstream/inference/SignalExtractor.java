package io.hashstream.inference;

import io.hashstream.image.BorderTrimmer;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.pdq.PdqHasher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Image bytes to both signals of an image, from one decode: the raw encoder embedding (for the
 * learned CroVCA code) and the PDQ hash with its eight rotations and flips. Uniform-colour margins
 * (letterbox, pillarbox, padding) are trimmed first, when a {@link BorderTrimmer} is given, so a
 * copy with bars added hashes like its original under both signals.
 *
 * <p><b>Failures</b> are per image, as in {@link EmbeddingExtractor}: a decode failure names the
 * decoder's reason, an encoder failure is the encoder's. PDQ itself cannot fail on a decoded
 * image.
 *
 * <p><b>Cost</b> per image: one decode, one trim scan (a few row and column reads), PDQ (about as
 * much as the bundled encoder on a 1.6 Mpx photo, far less on small ones; see BENCHMARKS.md) and
 * the encoder's share of a batch.
 *
 * <p><b>Threads.</b> {@link #extract} may be called from several threads: each thread hashes PDQ
 * with its own {@link PdqHasher} (they keep scratch buffers). {@link #close()} closes the encoder.
 */
public final class SignalExtractor implements AutoCloseable {
  /**
   * The two signals of one image.
   *
   * @param embedding the raw encoder embedding (before any model's post-processing)
   * @param pdq the PDQ hash, its quality and its eight dihedral variants
   */
  public record Signals(float[] embedding, PdqDihedralHashes pdq) {
    /** Checks the parts. */
    public Signals {
      Objects.requireNonNull(embedding, "embedding");
      Objects.requireNonNull(pdq, "pdq");
    }
  }

  private final EmbeddingExtractor embeddings;
  private final ImageDecoder decoder;
  private final BorderTrimmer trimmer;
  private final ThreadLocal<PdqHasher> hashers = ThreadLocal.withInitial(PdqHasher::new);

  /**
   * Creates an extractor that owns {@code embeddings} (closing this closes it).
   *
   * @param embeddings the encoder side; null for {@link #pdqOnly}
   * @param decoder decodes the bytes (its limits apply)
   * @param trimmer trims uniform margins before both signals; null to hash images as they are
   */
  public SignalExtractor(EmbeddingExtractor embeddings, ImageDecoder decoder, BorderTrimmer trimmer) {
    this.embeddings = embeddings;
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.trimmer = trimmer;
  }

  /**
   * PDQ only, no encoder ({@link #pdq} works, {@link #extract} and {@link #embed} do not): for
   * tools that need no learned code.
   *
   * @param trimBorders whether uniform margins are trimmed before hashing
   * @return the extractor
   */
  public static SignalExtractor pdqOnly(boolean trimBorders) {
    return new SignalExtractor(null, ImageDecoder.withDefaults(),
        trimBorders ? BorderTrimmer.withDefaults() : null);
  }

  /**
   * The default decoder, and border trimming with its defaults when {@code trimBorders}.
   *
   * @param embeddings the encoder side, owned from now on
   * @param trimBorders whether uniform margins are trimmed before hashing
   * @return the extractor
   */
  public static SignalExtractor of(EmbeddingExtractor embeddings, boolean trimBorders) {
    return new SignalExtractor(embeddings, ImageDecoder.withDefaults(),
        trimBorders ? BorderTrimmer.withDefaults() : null);
  }

  /**
   * Decodes, trims and hashes images with both signals; one result per image, in input order.
   *
   * @param images the images; neither the list nor the bytes are modified
   * @return {@link ImageResult.Ok} with both signals, or {@link ImageResult.Failed}
   * @throws IllegalStateException if the extractor is closed or has no encoder
   */
  public List<ImageResult<Signals>> extract(List<EncodedImage> images) {
    Decoded decoded = decode(images, true);
    List<ImageResult<float[]>> embedded = encoder().embedDecoded(decoded.ids, decoded.images);
    List<ImageResult<Signals>> results = decoded.results();
    for (int k = 0; k < embedded.size(); k++) {
      ImageResult<float[]> e = embedded.get(k);
      results.set(decoded.at.get(k), e instanceof ImageResult.Ok<float[]> ok
          ? new ImageResult.Ok<>(ok.id(), new Signals(ok.value(), decoded.pdqs.get(k)))
          : ((ImageResult.Failed<float[]>) e).retype());
    }
    return results;
  }

  /**
   * Decodes, trims and encodes images, without PDQ: the raw embeddings the learned code is made
   * from, exactly as {@link #extract} computes them.
   *
   * @param images the images; not modified
   * @return one raw embedding or failure per image, in input order
   * @throws IllegalStateException if the extractor is closed or has no encoder
   */
  public List<ImageResult<float[]>> embed(List<EncodedImage> images) {
    Decoded decoded = decode(images, false);
    List<ImageResult<float[]>> embedded = encoder().embedDecoded(decoded.ids, decoded.images);
    List<ImageResult<float[]>> results = decoded.results();
    for (int k = 0; k < embedded.size(); k++) {
      results.set(decoded.at.get(k), embedded.get(k));
    }
    return results;
  }

  /**
   * Decodes, trims and PDQ-hashes images, without the encoder.
   *
   * @param images the images; not modified
   * @return one PDQ hash (with its variants) or failure per image, in input order
   */
  public List<ImageResult<PdqDihedralHashes>> pdq(List<EncodedImage> images) {
    Decoded decoded = decode(images, true);
    List<ImageResult<PdqDihedralHashes>> results = decoded.results();
    for (int k = 0; k < decoded.ids.size(); k++) {
      results.set(decoded.at.get(k), new ImageResult.Ok<>(decoded.ids.get(k), decoded.pdqs.get(k)));
    }
    return results;
  }

  /**
   * Images decoded and trimmed: their ids, pixels, PDQ hashes when asked, and where each stands in
   * the input; failures already in place.
   */
  private final class Decoded {
    final List<String> ids = new ArrayList<>();
    final List<RgbImage> images = new ArrayList<>();
    final List<PdqDihedralHashes> pdqs = new ArrayList<>();
    final List<Integer> at = new ArrayList<>();
    final List<ImageResult.Failed<?>> failures = new ArrayList<>();
    final List<Integer> failedAt = new ArrayList<>();
    int size;

    /** A result list of the input's size with the decode failures in place, the rest null. */
    <T> List<ImageResult<T>> results() {
      List<ImageResult<T>> out = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        out.add(null);
      }
      for (int f = 0; f < failures.size(); f++) {
        out.set(failedAt.get(f), failures.get(f).retype());
      }
      return out;
    }
  }

  private Decoded decode(List<EncodedImage> images, boolean withPdq) {
    Decoded d = new Decoded();
    d.size = images.size();
    PdqHasher hasher = withPdq ? hashers.get() : null;
    for (int i = 0; i < images.size(); i++) {
      EncodedImage image = images.get(i);
      RgbImage pixels;
      try {
        pixels = decoder.decode(image.bytes());
      } catch (ImageDecodeException e) {
        d.failures.add(new ImageResult.Failed<>(
            image.id(), FailureReason.of(e.reason()), String.valueOf(e.getMessage())));
        d.failedAt.add(i);
        continue;
      }
      RgbImage content = trimmer == null ? pixels : trimmer.trim(pixels);
      d.ids.add(image.id());
      d.images.add(content);
      d.at.add(i);
      if (withPdq) {
        d.pdqs.add(hasher.hashDihedral(content));
      }
    }
    return d;
  }

  private EmbeddingExtractor encoder() {
    if (embeddings == null) {
      throw new IllegalStateException("this extractor hashes PDQ only: it has no encoder");
    }
    return embeddings;
  }

  /** The encoder's id (uploads' precomputed embeddings must name it). */
  public String encoderId() {
    return encoder().encoderId();
  }

  /** Floats per embedding. */
  public int embeddingSize() {
    return encoder().embeddingSize();
  }

  /** Closes the encoder, if any. */
  @Override
  public void close() {
    if (embeddings != null) {
      embeddings.close();
    }
  }
}
