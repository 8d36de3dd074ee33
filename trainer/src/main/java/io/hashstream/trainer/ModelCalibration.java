package io.hashstream.trainer;

import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.model.HashCoderBlock;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.HashCoderWeights;
import io.hashstream.model.HashCoderWeights.Tensor;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVersion;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fits a trained model's statistics to the images it will index, without labels and without
 * training: the embedding mean (centring) is re-estimated on the sample, and so are the final
 * BatchNorm's running mean and variance (the thresholds that turn each output into a bit). The
 * learned weights are untouched.
 *
 * <p><b>Why.</b> A HashCoder's bits are balanced on the data it was trained on. On a corpus that
 * looks different (food photos against landscapes, say), the centred embeddings share an offset,
 * many bits lean the same way for every image, and unrelated images land a few bits apart, which
 * forces the match radius down. Re-estimating the statistics on a sample of the corpus re-balances
 * every bit there (the AdaBN idea). On the quality benchmark this more than doubles the default
 * model's copy-detection recall at a false-match rate of 1e-4 (BENCHMARKS.md, "Hashing quality").
 *
 * <p><b>Result.</b> A new artifact with a new version id (its codes are not comparable with the
 * input model's), the training metrics plus {@code calibration_rows}, and the command that made it
 * appended to the input's.
 *
 * <p><b>Cost.</b> One HashCoder forward pass per sample row through the serving engine, about
 * {@code d² + d·bits} multiply-adds (3.3 M for the bundled encoder). Stateless.
 */
public final class ModelCalibration {
  /** Fewer rows than this give noisy variances; the CLI refuses them. */
  public static final int MIN_ROWS = 64;

  private ModelCalibration() {}

  /**
   * Calibrates a model on raw embeddings of the corpus it will index.
   *
   * @param model the trained model
   * @param rawEmbeddings raw encoder outputs of a sample of the corpus, at least {@link #MIN_ROWS}
   * @param createdAt the new artifact's creation time (part of its version id)
   * @param command the command line that asked for the calibration
   * @return the calibrated model, with a new version
   * @throws IllegalArgumentException if the sample is too small or has the wrong width
   */
  public static ModelArtifact calibrate(
      ModelArtifact model, float[][] rawEmbeddings, Instant createdAt, String command) {
    int d = model.embeddingSize();
    if (rawEmbeddings.length < MIN_ROWS) {
      throw new IllegalArgumentException(
          "calibration needs at least " + MIN_ROWS + " embeddings, got " + rawEmbeddings.length);
    }
    for (float[] row : rawEmbeddings) {
      if (row.length != d) {
        throw new IllegalArgumentException(
            "the model takes " + d + "-d embeddings, got a " + row.length + "-d row");
      }
    }
    EmbeddingPostprocessor post = EmbeddingPostprocessor.fit(model.encoderId(), rawEmbeddings);
    HashCoderWeights w = model.weights();
    double[][] outputs = preBatchNormOutputs(w, post.apply(rawEmbeddings));
    int bits = w.bits();
    int n = outputs.length;
    float[] mean = new float[bits];
    float[] variance = new float[bits];
    for (int k = 0; k < bits; k++) {
      double sum = 0;
      for (double[] o : outputs) {
        sum += o[k];
      }
      double m = sum / n;
      double squares = 0;
      for (double[] o : outputs) {
        squares += (o[k] - m) * (o[k] - m);
      }
      mean[k] = (float) m;
      variance[k] = (float) (squares / (n - 1)); // unbiased, as BatchNorm1d's running_var
    }
    HashCoderWeights calibrated =
        w.with(Map.of(Tensor.BN_RUNNING_MEAN, mean, Tensor.BN_RUNNING_VAR, variance));
    Map<String, Double> metrics = new TreeMap<>(model.metrics());
    metrics.put("calibration_rows", (double) n);
    return new ModelArtifact(
        CrovcaTrainer.derivedVersion(bits, createdAt, calibrated),
        post,
        calibrated,
        metrics,
        model.command() + " ; calibrated: " + command,
        createdAt);
  }

  /** Rows per HashCoder call: bounds the batch array (rows × d floats). */
  private static final int BATCH_ROWS = 1024;

  /**
   * Linear, ReLU, Linear: the HashCoder up to its BatchNorm, one row per input row. Runs the
   * serving path ({@link HashCoderSession#logits}) on a copy of the weights whose BatchNorm is the
   * identity (γ 1, β 0, running mean 0, running variance 1 − ε), so there is one forward pass
   * implementation, not a second one here.
   */
  static double[][] preBatchNormOutputs(HashCoderWeights w, float[][] x) {
    int d = w.embeddingSize();
    int bits = w.bits();
    Map<Tensor, float[]> tensors = new EnumMap<>(Tensor.class);
    float[] ones = new float[bits];
    float[] identityVariance = new float[bits];
    java.util.Arrays.fill(ones, 1f);
    java.util.Arrays.fill(identityVariance, 1f - HashCoderBlock.BATCH_NORM_EPSILON);
    tensors.put(Tensor.BN_GAMMA, ones);
    tensors.put(Tensor.BN_BETA, new float[bits]);
    tensors.put(Tensor.BN_RUNNING_MEAN, new float[bits]);
    tensors.put(Tensor.BN_RUNNING_VAR, identityVariance);
    ModelArtifact upToBatchNorm =
        new ModelArtifact(
            ModelVersion.of("calibration-pre-batchnorm"),
            EmbeddingPostprocessor.uncentred("calibration", d),
            w.with(tensors),
            Map.of(),
            "calibration",
            Instant.EPOCH);
    double[][] out = new double[x.length][];
    try (HashCoderSession session = HashCoderSession.open(upToBatchNorm)) {
      for (int from = 0; from < x.length; from += BATCH_ROWS) {
        int rows = Math.min(BATCH_ROWS, x.length - from);
        float[] batch = new float[rows * d];
        for (int r = 0; r < rows; r++) {
          System.arraycopy(x[from + r], 0, batch, r * d, d);
        }
        float[] logits = session.logits(batch, rows);
        for (int r = 0; r < rows; r++) {
          double[] o = new double[bits];
          for (int k = 0; k < bits; k++) {
            o[k] = logits[r * bits + k];
          }
          out[from + r] = o;
        }
      }
    }
    return out;
  }
}
