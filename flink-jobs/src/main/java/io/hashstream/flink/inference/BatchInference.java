package io.hashstream.flink.inference;

import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.inference.SignalExtractor;
import io.hashstream.inference.SignalExtractor.Signals;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The two batch functions of {@link InferenceService}: images (decode, trim borders, PDQ, encode,
 * hash) and
 * precomputed embeddings (hash). Every batch is hashed with every model version live in the
 * {@link ModelCatalog} at that moment, one engine call per version, so that during a model
 * migration both codes are ready; a version released meanwhile is skipped for that batch.
 *
 * <p>The encoder is opened on the first image batch, not before: a job fed only embeddings never
 * pays its start-up (seconds) or memory.
 */
final class BatchInference implements AutoCloseable {
  private final ModelCatalog catalog;
  private final Supplier<SignalExtractor> openEncoder;
  private final HashedUploads hashed;
  private SignalExtractor extractor; // guarded by this

  /** An image upload with its bytes (inline, or read from its URI). */
  record Image(PendingUpload upload, byte[] bytes) {}

  /**
   * @param catalog the live model versions
   * @param openEncoder opens the encoder (with PDQ and border trimming beside it); called once, on
   *     the first image batch
   * @param hashed builds the results (and stamps when they were made)
   */
  BatchInference(
      ModelCatalog catalog, Supplier<SignalExtractor> openEncoder, HashedUploads hashed) {
    this.catalog = catalog;
    this.openEncoder = openEncoder;
    this.hashed = hashed;
  }

  List<HashedUpload> images(List<Image> batch) {
    List<EncodedImage> encoded = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      encoded.add(EncodedImage.of(Integer.toString(i), batch.get(i).bytes()));
    }
    List<ImageResult<Signals>> results = extractor().extract(encoded);
    List<float[]> rows = new ArrayList<>(batch.size());
    List<PdqDihedralHashes> pdqs = new ArrayList<>(batch.size());
    for (ImageResult<Signals> r : results) {
      if (r instanceof ImageResult.Ok<Signals> ok) {
        rows.add(ok.value().embedding());
        pdqs.add(ok.value().pdq());
      }
    }
    List<Map<String, long[]>> codes = codes(rows.toArray(float[][]::new));
    List<HashedUpload> out = new ArrayList<>(batch.size());
    int row = 0;
    for (int i = 0; i < batch.size(); i++) {
      PendingUpload upload = batch.get(i).upload();
      if (results.get(i) instanceof ImageResult.Failed<Signals> failed) {
        out.add(hashed.failed(upload, failed.reason(), failed.detail()));
      } else {
        out.add(hashed.succeeded(upload, rows.get(row), pdqs.get(row), codes.get(row)));
        row++;
      }
    }
    return out;
  }

  List<HashedUpload> embeddings(List<PendingUpload> batch) {
    float[][] rows = new float[batch.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = batch.get(i).embedding;
    }
    List<Map<String, long[]>> codes = codes(rows);
    List<HashedUpload> out = new ArrayList<>(batch.size());
    for (int i = 0; i < rows.length; i++) {
      out.add(hashed.succeeded(batch.get(i), rows[i], codes.get(i)));
    }
    return out;
  }

  /** Model versions loaded now. */
  int liveModels() {
    return catalog.live().size();
  }

  /** Codes of each row under every live version. */
  private List<Map<String, long[]>> codes(float[][] rows) {
    List<Map<String, long[]>> out = new ArrayList<>(rows.length);
    for (int r = 0; r < rows.length; r++) {
      out.add(new HashMap<>());
    }
    if (rows.length == 0) {
      return out;
    }
    for (LoadedModel model : catalog.live()) {
      long[][] codes;
      try {
        codes = model.codes(rows);
      } catch (IllegalStateException released) {
        continue; // its last user released it after live() was read; the index does not need it
      }
      for (int r = 0; r < rows.length; r++) {
        out.get(r).put(model.version(), codes[r]);
      }
    }
    return out;
  }

  private synchronized SignalExtractor extractor() {
    if (extractor == null) {
      extractor = openEncoder.get();
    }
    return extractor;
  }

  /** Closes the encoder if it was opened. */
  @Override
  public synchronized void close() {
    if (extractor != null) {
      extractor.close();
      extractor = null;
    }
  }
}
