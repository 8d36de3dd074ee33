package io.hashstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeLength;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.data.ClusteredViewPairs;
import io.hashstream.trainer.data.TrainingSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training runs on small synthetic embeddings (a few seconds in all). */
class CrovcaTrainerTest {
  @TempDir Path dir;

  TrainerOptions.Builder options(String file) {
    return TrainerOptions.builder()
        .output(dir.resolve(file))
        .encoderId("synthetic-32")
        .bits(16)
        .progressEverySteps(1);
  }

  /** Three epochs, quietly, checking that the mean loss of the last is below the first's. */
  static TrainingReport trainThreeEpochs(TrainerOptions.Builder options, TrainingSet data) {
    TrainingReport report =
        TrainerFixtures.trainer(TrainerFixtures.lines())
            .run(options.epochs(3).progressEverySteps(0).build(), data);
    assertThat(report.lastEpoch().loss()).isLessThan(report.epochs().get(0).loss());
    return report;
  }

  @Test
  void runsTwoStepsAndWritesALoadableArtifact() {
    ClusteredViewPairs.Sample s = TrainerFixtures.small().sample(600, 1);
    List<String> lines = TrainerFixtures.lines();
    TrainingReport report =
        TrainerFixtures.trainer(lines)
            .run(options("two.hsm").maxSteps(2).command("test two steps").build(),
                TrainingSet.twoViews(s.view1(), s.view2()));

    assertThat(report.steps()).isEqualTo(2);
    assertThat(report.stepsPerEpoch()).isEqualTo(2);
    assertThat(report.epochs()).hasSize(1);
    ModelArtifact read = ModelArtifact.read(report.artifactFile(), report.artifactSha256());
    assertThat(read).isEqualTo(report.artifact());
    assertThat(read.version().id()).matches("crovca-16-20260101T120000Z-[0-9a-f]{8}");
    assertThat(read.createdAt()).isEqualTo(TrainerFixtures.T0);
    assertThat(read.command()).isEqualTo("test two steps");
    assertThat(read.encoderId()).isEqualTo("synthetic-32");
    assertThat(read.postprocessor().sampleCount()).isEqualTo(1200); // both views' rows
    assertThat(read.metrics())
        .containsKeys("loss", "loss_alignment", "loss_coding_rate", "bit_balance_min", "steps")
        .containsEntry("steps", 2.0);
    assertThat(lines).anyMatch(l -> l.startsWith("epoch 1/5 step 2/2 loss "));
    assertThat(lines.get(lines.size() - 1)).startsWith("wrote ");
  }

  /** A narrower hidden layer trains, is recorded in the artifact and gives the session's codes. */
  @Test
  void aNarrowHiddenLayerIsTrainedAndRecorded() {
    ClusteredViewPairs gen = TrainerFixtures.small();
    ClusteredViewPairs.Sample s = gen.sample(600, 4);
    ModelArtifact model =
        TrainerFixtures.trainer(TrainerFixtures.lines())
            .run(options("narrow.hsm").hiddenWidth(8).maxSteps(3).build(),
                TrainingSet.twoViews(s.view1(), s.view2()))
            .artifact();
    assertThat(model.weights().hiddenWidth()).isEqualTo(8);
    assertThat(model.embeddingSize()).isEqualTo(s.view1()[0].length);
    ModelArtifact read = ModelArtifact.read(dir.resolve("narrow.hsm"));
    assertThat(read).isEqualTo(model);
    assertThatThrownBy(() -> options("bad.hsm").hiddenWidth(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hiddenWidth");
  }

  @Test
  void theSameSeedGivesIdenticalWeightsAndCodes() {
    ClusteredViewPairs gen = TrainerFixtures.small();
    ClusteredViewPairs.Sample s = gen.sample(1024, 2);
    float[][] heldOut = gen.sample(64, 3).view1();
    TrainingSet data = TrainingSet.twoViews(s.view1(), s.view2());
    CrovcaTrainer trainer = TrainerFixtures.trainer(TrainerFixtures.lines());
    ModelArtifact a = trainer.run(options("a.hsm").seed(7).maxSteps(6).build(), data).artifact();
    ModelArtifact b = trainer.run(options("b.hsm").seed(7).maxSteps(6).build(), data).artifact();
    ModelArtifact c = trainer.run(options("c.hsm").seed(8).maxSteps(6).build(), data).artifact();

    assertThat(b.weights()).isEqualTo(a.weights());
    assertThat(b.version()).isEqualTo(a.version());
    assertThat(c.weights()).isNotEqualTo(a.weights());
    try (HashCoderSession sa = HashCoderSession.open(a);
        HashCoderSession sb = HashCoderSession.open(b)) {
      assertThat(TrainerFixtures.codes(sb, heldOut))
          .containsExactly(TrainerFixtures.codes(sa, heldOut));
    }
  }

  /**
   * A short unsupervised training (48 steps): the loss falls, every bit is near 50% ones on
   * held-out images, and the two views of an image get much closer codes than two random images.
   */
  @Test
  void learnsBalancedCodesThatMatchAcrossViews() {
    ClusteredViewPairs gen = new ClusteredViewPairs(64, 16, 0.5, 0.3, 21);
    ClusteredViewPairs.Sample train = gen.sample(4096, 22);
    TrainingReport report =
        trainThreeEpochs(
            options("u.hsm").bits(32).seed(1), TrainingSet.twoViews(train.view1(), train.view2()));
    assertThat(report.steps()).isEqualTo(48);

    ClusteredViewPairs.Sample heldOut = gen.sample(2000, 23);
    try (HashCoderSession session = HashCoderSession.open(report.artifact())) {
      long[] v1 = TrainerFixtures.codes(session, heldOut.view1());
      long[] v2 = TrainerFixtures.codes(session, heldOut.view2());
      double[] fractions = TrainerFixtures.bitFractions(v1, CodeLength.BITS_32);
      System.out.println("held-out fraction of ones per bit: " + Arrays.toString(fractions));
      for (double f : fractions) {
        assertThat(f).isBetween(0.35, 0.65);
      }
      double sameImage = 0;
      double otherImage = 0;
      for (int i = 0; i < v1.length; i++) {
        sameImage += Long.bitCount(v1[i] ^ v2[i]);
        otherImage += Long.bitCount(v1[i] ^ v2[(i + 1) % v2.length]);
      }
      System.out.printf(
          "held-out mean Hamming: views of one image %.2f, different images %.2f%n",
          sameImage / v1.length, otherImage / v1.length);
      assertThat(sameImage).isLessThan(0.5 * otherImage);
    }
  }

  @Test
  void supervisedTrainingPullsClassesTogether() {
    ClusteredViewPairs gen = new ClusteredViewPairs(32, 6, 0.8, 0.3, 31);
    ClusteredViewPairs.Sample train = gen.sample(2048, 32);
    TrainingReport report =
        trainThreeEpochs(
            options("s.hsm").seed(3),
            TrainingSet.labelled(List.of(train.view1(), train.view2()), train.oneHot(6)));
    assertThat(report.artifact().metrics()).containsEntry("supervised", 1.0);
    ClusteredViewPairs.Sample heldOut = gen.sample(600, 33);
    try (HashCoderSession session = HashCoderSession.open(report.artifact())) {
      long[] codes = TrainerFixtures.codes(session, heldOut.view1());
      double same = 0;
      double different = 0;
      int nSame = 0;
      int nDifferent = 0;
      for (int i = 0; i < codes.length; i++) {
        for (int j = i + 1; j < codes.length; j += 7) {
          int distance = Long.bitCount(codes[i] ^ codes[j]);
          if (heldOut.classIds()[i] == heldOut.classIds()[j]) {
            same += distance;
            nSame++;
          } else {
            different += distance;
            nDifferent++;
          }
        }
      }
      System.out.printf(
          "supervised held-out mean Hamming: same class %.2f, different %.2f%n",
          same / nSame, different / nDifferent);
      assertThat(same / nSame).isLessThan(0.5 * different / nDifferent);
    }
  }

  @Test
  void rejectsDataThatCannotBeTrainedOn() {
    ClusteredViewPairs.Sample s = TrainerFixtures.small().sample(100, 1);
    CrovcaTrainer trainer = TrainerFixtures.trainer(TrainerFixtures.lines());
    assertThatThrownBy(
            () -> trainer.run(options("x.hsm").build(), TrainingSet.twoViews(s.view1(), s.view2())))
        .hasMessageContaining("no full batch");
    assertThatThrownBy(() -> options("x.hsm").bits(24).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
