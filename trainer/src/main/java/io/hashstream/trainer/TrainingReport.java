package io.hashstream.trainer;

import io.hashstream.model.ModelArtifact;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param artifact the model written (weights, post-processor, metrics, provenance)
 * @param artifactFile where it was written
 * @param artifactSha256 lower-case hex sha256 of the file, for the control message
 * @param steps optimizer steps taken
 * @param stepsPerEpoch full batches per epoch
 * @param epochs per-epoch loss terms and throughput, in order
 * @param trainingSeconds wall time of the optimisation loop alone (no IO, no post-processing)
 * @param bitBalance fraction of ones per bit (inference mode) over up to {@value
 *     CrovcaTrainer#BALANCE_ROWS} training rows of the first view
 */
public record TrainingReport(
    ModelArtifact artifact,
    Path artifactFile,
    String artifactSha256,
    int steps,
    int stepsPerEpoch,
    List<EpochSummary> epochs,
    double trainingSeconds,
    double[] bitBalance) {
  /** Copies the list and the array. */
  public TrainingReport {
    epochs = List.copyOf(epochs);
    bitBalance = bitBalance.clone();
  }

  /**
   * Fraction of ones per bit.
   *
   * @return a copy
   */
  @Override
  public double[] bitBalance() {
    return bitBalance.clone();
  }

  /**
   * The last epoch's summary.
   *
   * @return the summary
   */
  public EpochSummary lastEpoch() {
    return epochs.get(epochs.size() - 1);
  }
}
