package io.hashstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeLength;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.HashCoderWeights.Tensor;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.data.ClusteredViewPairs;
import io.hashstream.trainer.data.TrainingSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained on one distribution, used on a shifted one: its bits lean; calibration on an
 * unlabelled sample of the shifted data balances them again and keeps the views of one image close.
 */
class ModelCalibrationTest {
  @TempDir static Path dir;
  static ModelArtifact trained;
  static final ClusteredViewPairs GEN = new ClusteredViewPairs(32, 8, 0.5, 0.3, 31);

  @BeforeAll
  static void train() {
    ClusteredViewPairs.Sample s = GEN.sample(2048, 32);
    trained =
        TrainerFixtures.trainer(TrainerFixtures.lines())
            .run(
                TrainerOptions.builder()
                    .output(dir.resolve("m.hsm"))
                    .encoderId("synthetic-32")
                    .bits(16)
                    .epochs(3)
                    .seed(5)
                    .progressEverySteps(0)
                    .build(),
                TrainingSet.twoViews(s.view1(), s.view2()))
            .artifact();
  }

  /** The same kind of data, every row moved by one random offset (another corpus's look). */
  static float[][] shifted(float[][] rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] offset = new float[rows[0].length];
    for (int j = 0; j < offset.length; j++) {
      offset[j] = (float) (r.nextGaussian() * 1.5);
    }
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
      for (int j = 0; j < offset.length; j++) {
        out[i][j] = Math.abs(out[i][j] + offset[j]); // raw encoder outputs are non-negative
      }
    }
    return out;
  }

  static double worstImbalance(ModelArtifact model, float[][] raw) {
    try (HashCoderSession session = HashCoderSession.open(model)) {
      double worst = 0;
      for (double f : TrainerFixtures.bitFractions(TrainerFixtures.codes(session, raw), CodeLength.BITS_16)) {
        worst = Math.max(worst, Math.abs(f - 0.5));
      }
      return worst;
    }
  }

  @Test
  void rebalancesTheBitsOnTheCorpusItIsCalibratedOn() {
    ClusteredViewPairs.Sample corpus = GEN.sample(1024, 33);
    float[][] sample = shifted(corpus.view1(), 7);
    ModelArtifact calibrated = ModelCalibration.calibrate(trained, sample, Instant.parse("2026-02-01T00:00:00Z"), "test");

    ClusteredViewPairs.Sample later = GEN.sample(1024, 34); // other images of that corpus
    float[][] view1 = shifted(later.view1(), 7);
    float[][] view2 = shifted(later.view2(), 7);
    double before = worstImbalance(trained, view1);
    double after = worstImbalance(calibrated, view1);
    System.out.printf("worst bit imbalance on the shifted corpus: %.3f before, %.3f after%n", before, after);
    assertThat(before).isGreaterThan(0.3);
    assertThat(after).isLessThan(0.15);

    try (HashCoderSession session = HashCoderSession.open(calibrated)) {
      long[] a = TrainerFixtures.codes(session, view1);
      long[] b = TrainerFixtures.codes(session, view2);
      double same = 0;
      double other = 0;
      for (int i = 0; i < a.length; i++) {
        same += Long.bitCount(a[i] ^ b[i]);
        other += Long.bitCount(a[i] ^ b[(i + 1) % b.length]);
      }
      assertThat(same).isLessThan(0.5 * other);
    }
  }

  @Test
  void keepsTheLearnedWeightsAndNamesANewVersion() {
    float[][] sample = shifted(GEN.sample(256, 35).view1(), 9);
    ModelArtifact calibrated = ModelCalibration.calibrate(trained, sample, Instant.parse("2026-02-01T00:00:00Z"), "calibrate x");
    for (Tensor t : new Tensor[] {Tensor.HIDDEN_WEIGHT, Tensor.HIDDEN_BIAS, Tensor.OUTPUT_WEIGHT, Tensor.OUTPUT_BIAS, Tensor.BN_GAMMA, Tensor.BN_BETA}) {
      assertThat(calibrated.weights().get(t)).isEqualTo(trained.weights().get(t));
    }
    assertThat(calibrated.weights().get(Tensor.BN_RUNNING_MEAN)).isNotEqualTo(trained.weights().get(Tensor.BN_RUNNING_MEAN));
    assertThat(calibrated.postprocessor().mean()).isNotEqualTo(trained.postprocessor().mean());
    assertThat(calibrated.version()).isNotEqualTo(trained.version());
    assertThat(calibrated.metrics()).containsEntry("calibration_rows", 256.0);
    assertThat(calibrated.command()).startsWith(trained.command()).endsWith("calibrate x");
    assertThat(ModelArtifact.fromBytes(calibrated.toBytes(), "round trip")).isEqualTo(calibrated);
  }

  @Test
  void theRunningMeanIsTheMeanOfThePreBatchNormOutputs() {
    float[][] sample = GEN.sample(300, 36).view1();
    ModelArtifact calibrated = ModelCalibration.calibrate(trained, sample, Instant.EPOCH, "c");
    double[][] o = ModelCalibration.preBatchNormOutputs(calibrated.weights(), calibrated.postprocessor().apply(sample));
    float[] mean = calibrated.weights().get(Tensor.BN_RUNNING_MEAN);
    for (int k = 0; k < 16; k++) {
      double sum = 0;
      for (double[] row : o) {
        sum += row[k];
      }
      assertThat(mean[k]).isCloseTo((float) (sum / o.length), org.assertj.core.data.Offset.offset(1e-4f));
      // each bit's threshold sits inside the sample's outputs, so both sides are populated
      long above = 0;
      for (double[] row : o) {
        above += row[k] > mean[k] ? 1 : 0;
      }
      assertThat(above).isBetween(1L, (long) o.length - 1);
    }
  }

  @Test
  void refusesTooFewRowsOrTheWrongWidth() {
    assertThatThrownBy(() -> ModelCalibration.calibrate(trained, GEN.sample(10, 1).view1(), Instant.EPOCH, "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 64");
    float[][] wide = new float[100][33];
    assertThatThrownBy(() -> ModelCalibration.calibrate(trained, wide, Instant.EPOCH, "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32-d");
  }
}
