package io.hashstream.trainer.cli;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.inference.FailureReason;
import io.hashstream.inference.ImageResult;
import io.hashstream.model.ModelArtifact;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw bundled-encoder embeddings of image files, for the commands that need the embeddings
 * themselves ({@code calibrate}, and {@code dedupe}, which calibrates on the folder first). Files
 * that cannot be read, decoded or embedded, or whose embedding is not finite, are named on stderr
 * with their reason and left out.
 *
 * @param files the files that were embedded, in input order
 * @param raw their raw embeddings, row {@code i} for {@code files.get(i)}
 * @param failed how many files failed
 */
record CorpusEmbeddings(List<Path> files, float[][] raw, long failed) {

  /**
   * Embeds the files with the bundled encoder.
   *
   * @param files the files
   * @param model the model the embeddings are for; its encoder must be the bundled one
   * @param err where failures and progress go
   * @param batchSize images per encoder call
   * @return the embeddings
   * @throws IllegalArgumentException if the model was trained on another encoder
   */
  static CorpusEmbeddings embed(List<Path> files, ModelArtifact model, PrintStream err, int batchSize) {
    List<Path> embedded = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    long failed;
    try (EmbeddingExtractor extractor = EmbeddingExtractor.of(BundledEncoder.open())) {
      if (!extractor.encoderId().equals(model.encoderId())) {
        throw new IllegalArgumentException(
            "the model was trained on encoder " + model.encoderId() + ", not the bundled "
                + extractor.encoderId() + "; use a model made for the bundled encoder");
      }
      failed =
          new FileBatches(err, batchSize)
              .processAll(
                  files,
                  batch -> finiteOnly(extractor.extract(batch)),
                  (file, embedding) -> {
                    embedded.add(file);
                    rows.add(embedding);
                  });
    }
    return new CorpusEmbeddings(List.copyOf(embedded), rows.toArray(float[][]::new), failed);
  }

  /** An embedding with a NaN or infinity would poison a calibration mean: it fails instead. */
  private static List<ImageResult<float[]>> finiteOnly(List<ImageResult<float[]>> results) {
    List<ImageResult<float[]>> out = new ArrayList<>(results.size());
    for (ImageResult<float[]> r : results) {
      if (r instanceof ImageResult.Ok<float[]> ok && !allFinite(ok.value())) {
        out.add(new ImageResult.Failed<>(ok.id(), FailureReason.NON_FINITE_EMBEDDING, "the encoder gave a NaN or infinite value"));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean allFinite(float[] values) {
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}
