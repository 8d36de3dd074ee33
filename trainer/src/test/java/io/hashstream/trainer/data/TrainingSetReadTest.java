package io.hashstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSetReadTest {
  @TempDir Path dir;

  private Path write(String name, float... firstColumn) {
    float[][] rows = new float[firstColumn.length][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new float[] {firstColumn[i], -firstColumn[i]};
    }
    Path file = dir.resolve(name);
    Npy.writeFloatMatrix(file, rows);
    return file;
  }

  @Test
  void twoRunsOfViewPairsAreConcatenatedInOrder() {
    List<Path> files =
        List.of(write("a1.npy", 1, 2), write("a2.npy", 11, 12), write("b1.npy", 3), write("b2.npy", 13));

    TrainingSet set = TrainingSet.read(files, null);

    assertThat(set.rows()).isEqualTo(3);
    assertThat(firstColumn(set.view(0))).containsExactly(1f, 2f, 3f);
    assertThat(firstColumn(set.view(1))).containsExactly(11f, 12f, 13f);
  }

  private static float[] firstColumn(float[][] rows) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][0];
    }
    return out;
  }

  @Test
  void rejectsAnOddNumberOfViewsAndPairsOfDifferentLengths() {
    Path a = write("a.npy", 1, 2);
    Path b = write("b.npy", 1);

    assertThatThrownBy(() -> TrainingSet.read(List.of(a, a, a), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in pairs");
    assertThatThrownBy(() -> TrainingSet.read(List.of(a, b), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ in rows");
  }
}
