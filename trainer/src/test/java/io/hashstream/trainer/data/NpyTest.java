package io.hashstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by NumPy itself (test resources), and the writer's round trip. */
class NpyTest {
  @TempDir Path dir;

  static Path resource(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(NpyTest.class.getResource("/npy/" + name)).toURI());
  }

  @Test
  void readsNumpyFloatMatricesInFormats1And2() throws URISyntaxException {
    float[][] m = Npy.readFloatMatrix(resource("embeddings_3x4_f32.npy"));
    assertThat(m).hasDimensions(3, 4);
    assertThat(m[2]).containsExactly(2f, 2.25f, 2.5f, 2.75f);
    assertThat(Npy.readFloatMatrix(resource("embeddings_2x2_f32_v2.npy")))
        .isDeepEqualTo(new float[][] {{1.5f, -2f}, {0.25f, 8f}});
  }

  @Test
  void readsClassIdsAndMultiHotLabels() throws URISyntaxException {
    assertThat(Npy.readLabels(resource("class_ids_i8.npy")))
        .isDeepEqualTo(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    assertThat(Npy.readLabels(resource("multihot_u1.npy")))
        .isDeepEqualTo(new float[][] {{1, 0, 1}, {0, 1, 0}});
  }

  @Test
  void rejectsWhatItCannotReadExactly() {
    assertThatThrownBy(() -> Npy.readFloatMatrix(resource("fortran_2x3_f32.npy")))
        .hasMessageContaining("Fortran");
    assertThatThrownBy(() -> Npy.readFloatMatrix(resource("float64_2x2.npy")))
        .hasMessageContaining("'<f8'");
    assertThatThrownBy(() -> Npy.readFloatMatrix(resource("class_ids_i8.npy")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void writesWhatItReads() {
    float[][] rows = {{1f, 2f, 3f}, {-4f, 5.5f, Float.MIN_VALUE}};
    Path file = dir.resolve("x.npy");
    Npy.writeFloatMatrix(file, rows);
    assertThat(Npy.readFloatMatrix(file)).isDeepEqualTo(rows);
    Path labels = dir.resolve("y.npy");
    Npy.writeClassIds(labels, new int[] {1, 1, 0});
    assertThat(Npy.readLabels(labels)).isDeepEqualTo(new float[][] {{0, 1}, {0, 1}, {1, 0}});
  }
}
