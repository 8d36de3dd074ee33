package io.hashstream.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Tenant names for a benchmark, spread evenly over the match operator's subtasks. The job keys its
 * index by tenant, so one tenant lives on one subtask; names picked at random can all land on one
 * subtask and leave the other idle. This picks, in order, the first names {@code tenant-NN} that
 * Flink's key-group assignment sends to each subtask in turn.
 */
public final class Tenants {
  private Tenants() {}

  /**
   * @param count tenants wanted, a multiple of {@code parallelism}
   * @param parallelism the match operator's parallelism
   * @return {@code count} names, {@code count / parallelism} per subtask
   */
  public static List<String> balanced(int count, int parallelism) {
    if (count <= 0 || parallelism <= 0 || count % parallelism != 0) {
      throw new IllegalArgumentException(
          "tenants (" + count + ") must be a positive multiple of the parallelism (" + parallelism + ")");
    }
    int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
    int perSubtask = count / parallelism;
    int[] taken = new int[parallelism];
    List<String> out = new ArrayList<>();
    for (int i = 0; out.size() < count; i++) {
      if (i > 100_000) {
        throw new IllegalStateException("cannot spread " + count + " tenants over " + parallelism);
      }
      String name = String.format("tenant-%02d", i);
      int subtask = subtaskOf(name, maxParallelism, parallelism);
      if (taken[subtask] < perSubtask) {
        taken[subtask]++;
        out.add(name);
      }
    }
    return List.copyOf(out);
  }

  /** The subtask a key goes to with Flink's default max parallelism for {@code parallelism}. */
  static int subtaskOf(String key, int parallelism) {
    return subtaskOf(key, KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism), parallelism);
  }

  private static int subtaskOf(String key, int maxParallelism, int parallelism) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism);
  }
}
