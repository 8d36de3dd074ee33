package io.hashstream.lookup.http;

import io.hashstream.code.HexCodes;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageHasher;
import io.hashstream.inference.ImageResult;
import io.hashstream.model.ModelArtifact;
import io.hashstream.pdq.PdqDihedral;
import java.util.List;

/**
 * Hashes an uploaded image with both signals, as the streaming job does (one decode, uniform
 * borders trimmed): its PDQ hash and its CroVCA code under the service's model. The encoder and
 * the HashCoder are opened on first use and shared; calls are serialised (one image at a time).
 */
final class ImageSignals implements AutoCloseable {
  /**
   * An image's signals.
   *
   * @param pdq the PDQ hash, hex
   * @param pdqQuality its quality score
   * @param crovca the code, hex
   * @param modelVersion the code's model version
   */
  record Signals(String pdq, int pdqQuality, String crovca, String modelVersion) {}

  private final ModelArtifact model;
  private ImageHasher hasher;

  ImageSignals(ModelArtifact model) {
    this.model = model;
  }

  /** The model version codes are computed with. */
  String modelVersion() {
    return model.version().id();
  }

  /**
   * Hashes {@code bytes}.
   *
   * @throws IllegalArgumentException with the decoder's reason if they are not a readable image
   */
  synchronized Signals hash(byte[] bytes) {
    if (hasher == null) {
      hasher = ImageHasher.openBundled(model);
    }
    ImageResult<ImageHasher.HashedImage> r =
        hasher.hashBoth(List.of(EncodedImage.of("upload", bytes))).get(0);
    if (r instanceof ImageResult.Failed<ImageHasher.HashedImage> f) {
      throw new IllegalArgumentException("cannot hash the file: " + f.reason() + " " + f.detail());
    }
    ImageHasher.HashedImage h = ((ImageResult.Ok<ImageHasher.HashedImage>) r).value();
    return new Signals(h.pdq().get(PdqDihedral.ORIGINAL).hex(), h.pdq().quality(),
        HexCodes.encode(hasher.codeLength(), h.code(), 0), modelVersion());
  }

  @Override
  public synchronized void close() {
    if (hasher != null) {
      hasher.close();
    }
  }
}
