package io.hashstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pure parts of the benchmark's inputs: embeddings, tenants, models, labels. */
class SyntheticUploadsTest {
  private static float[][] photos() {
    float[][] p = new float[16][64];
    SplittableRandom r = new SplittableRandom(1);
    for (float[] row : p) {
      for (int i = 0; i < row.length; i++) {
        row[i] = r.nextDouble() < 0.5 ? 0f : (float) (4 * r.nextDouble());
      }
    }
    return p;
  }

  @Test
  void embeddingsAreDeterministicDistinctAndKeepEachDimensionsRange() {
    float[][] photos = photos();
    SyntheticEmbeddings a = new SyntheticEmbeddings(photos, 7);
    SyntheticEmbeddings b = new SyntheticEmbeddings(photos, 7);
    Set<String> seen = new HashSet<>();
    for (int n = 0; n < 200; n++) {
      float[] x = a.next();
      assertThat(x).hasSize(64).isEqualTo(b.next());
      assertThat(seen.add(Arrays.toString(x))).isTrue();
      for (int i = 0; i < x.length; i++) {
        float max = 0;
        boolean anyZero = false;
        for (float[] p : photos) {
          max = Math.max(max, p[i]);
          anyZero |= p[i] == 0;
        }
        assertThat(x[i]).isFinite().isBetween(0f, max * (float) Math.exp(SyntheticEmbeddings.LOG_GAIN) * 1.0001f);
        if (!anyZero) {
          assertThat(x[i]).isPositive();
        }
      }
    }
    assertThat(new SyntheticEmbeddings(photos, 8).next()).isNotEqualTo(new SyntheticEmbeddings(photos, 7).next());
  }

  @Test
  void jitterIsTiny() {
    float[] e = photos()[0];
    float[] j = SyntheticEmbeddings.jitter(e, 1e-3, new SplittableRandom(3));
    assertThat(j).isNotEqualTo(e);
    for (int i = 0; i < e.length; i++) {
      assertThat(Math.abs(j[i] - e[i])).isLessThanOrEqualTo(Math.abs(e[i]) * 1.001e-3f);
    }
  }

  @Test
  void tenantsSpreadEvenlyOverSubtasks() {
    for (int parallelism : new int[] {1, 2, 4}) {
      List<String> tenants = Tenants.balanced(4 * parallelism, parallelism);
      assertThat(new HashSet<>(tenants)).hasSize(4 * parallelism);
      int[] per = new int[parallelism];
      tenants.forEach(t -> per[Tenants.subtaskOf(t, parallelism)]++);
      assertThat(per).containsOnly(4);
    }
  }

  @Test
  void permutationsAreSeededAndNeverTheIdentity() {
    int[] p = PermutedModel.permutation(64, 1);
    assertThat(p).isEqualTo(PermutedModel.permutation(64, 1)).isNotEqualTo(PermutedModel.permutation(64, 2));
    assertThat(Arrays.stream(p).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 64).toArray());
    for (long seed = 0; seed < 50; seed++) {
      int[] q = PermutedModel.permutation(2, seed);
      assertThat(q).containsExactly(1, 0);
    }
  }

  @Test
  void sizeLabels() {
    assertThat(PipelineBenchmark.sizeLabel(100_000)).isEqualTo("100k");
    assertThat(PipelineBenchmark.sizeLabel(1_000_000)).isEqualTo("1m");
    assertThat(PipelineBenchmark.sizeLabel(2_500_000)).isEqualTo("2500k");
    assertThat(PipelineBenchmark.sizeLabel(20_000)).isEqualTo("20k");
    assertThat(PipelineBenchmark.sizeLabel(999)).isEqualTo("999");
  }

  @Test
  void threadGroupsHideNumbers() {
    assertThat(LoadSampler.group("match (1/2)#0")).isEqualTo("match (N/N)#N");
  }
}
