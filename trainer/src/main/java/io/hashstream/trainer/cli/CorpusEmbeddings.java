package io.hashstream.trainer.cli;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.inference.FailureReason;
import io.hashstream.inference.ImageResult;
import io.hashstream.inference.SignalExtractor;
import io.hashstream.inference.SignalExtractor.Signals;
import io.hashstream.model.ModelArtifact;
import io.hashstream.pdq.PdqDihedralHashes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Raw bundled-encoder embeddings of image files, for the commands that need the embeddings
 * themselves ({@code calibrate}, and {@code dedupe}, which calibrates on the folder first). Files
 * that cannot be read, decoded or embedded, or whose embedding is not finite, are named on stderr
 * with their reason and left out.
 *
 * <p>Images are hashed as the streaming job hashes them ({@link SignalExtractor}: uniform margins
 * trimmed first), so codes made from these embeddings are the job's codes.
 *
 * @param files the files that were embedded, in input order
 * @param raw their raw embeddings, row {@code i} for {@code files.get(i)}
 * @param pdq their PDQ hashes, row {@code i} for {@code files.get(i)}; null unless asked for
 * @param failed how many files failed
 */
record CorpusEmbeddings(List<Path> files, float[][] raw, PdqDihedralHashes[] pdq, long failed) {

  /**
   * Embeds the files with the bundled encoder.
   *
   * @param files the files
   * @param model the model the embeddings are for; its encoder must be the bundled one
   * @param err where failures and progress go
   * @param batchSize images per encoder call
   * @param withPdq whether to hash PDQ too (from the same decode)
   * @return the embeddings
   * @throws IllegalArgumentException if the model was trained on another encoder
   */
  static CorpusEmbeddings embed(
      List<Path> files, ModelArtifact model, PrintStream err, int batchSize, boolean withPdq) {
    List<Path> embedded = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    List<PdqDihedralHashes> pdqs = new ArrayList<>();
    long failed;
    try (SignalExtractor extractor = SignalExtractor.of(EmbeddingExtractor.of(BundledEncoder.open()), true)) {
      if (!extractor.encoderId().equals(model.encoderId())) {
        throw new IllegalArgumentException(
            "the model was trained on encoder " + model.encoderId() + ", not the bundled "
                + extractor.encoderId() + "; use a model made for the bundled encoder");
      }
      FileBatches batches = new FileBatches(err, batchSize);
      failed = withPdq
          ? batches.processAll(files, batch -> finiteOnly(extractor.extract(batch), Signals::embedding),
              (file, signals) -> {
                embedded.add(file);
                rows.add(signals.embedding());
                pdqs.add(signals.pdq());
              })
          : batches.processAll(files, batch -> finiteOnly(extractor.embed(batch), e -> e),
              (file, embedding) -> {
                embedded.add(file);
                rows.add(embedding);
              });
    }
    return new CorpusEmbeddings(List.copyOf(embedded), rows.toArray(float[][]::new),
        withPdq ? pdqs.toArray(PdqDihedralHashes[]::new) : null, failed);
  }

  /** An embedding with a NaN or infinity would poison a calibration mean: it fails instead. */
  private static <T> List<ImageResult<T>> finiteOnly(
      List<ImageResult<T>> results, Function<T, float[]> embeddingOf) {
    List<ImageResult<T>> out = new ArrayList<>(results.size());
    for (ImageResult<T> r : results) {
      if (r instanceof ImageResult.Ok<T> ok && !allFinite(embeddingOf.apply(ok.value()))) {
        out.add(new ImageResult.Failed<>(ok.id(), FailureReason.NON_FINITE_EMBEDDING,
            "the encoder gave a NaN or infinite value"));
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
