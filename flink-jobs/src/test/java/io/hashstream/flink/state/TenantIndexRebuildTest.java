package io.hashstream.flink.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeLength;
import io.hashstream.flink.state.TenantIndexState.IndexVersion;
import io.hashstream.flink.state.TenantIndexState.VersionedCode;
import io.hashstream.index.result.Matches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * A slot rebuilt with another "model" from the retained compact embeddings holds exactly that
 * model's codes for every item (more than one re-hash batch), and refuses queries of another
 * version.
 */
class TenantIndexRebuildTest {
  private static final IndexVersion V1 = new IndexVersion("v1", CodeLength.BITS_64);
  private static final IndexVersion V2 = new IndexVersion("v2", CodeLength.BITS_64);
  private static final int ITEMS = TenantIndexState.REHASH_BATCH * 2 + 17;

  /** Code = sign of the first 64 values (v1) or of the last 64 (v2). */
  static Function<float[][], long[][]> signs(boolean last) {
    return rows -> {
      long[][] out = new long[rows.length][1];
      for (int r = 0; r < rows.length; r++) {
        int from = last ? rows[r].length - 64 : 0;
        for (int b = 0; b < 64; b++) {
          if (rows[r][from + b] > 0) {
            out[r][0] |= 1L << (63 - b);
          }
        }
      }
      return out;
    };
  }

  /** On "insert:i" indexes embedding i under v1; on "rebuild" rebuilds slot B with v2; on "query:i" searches B with v2's code of i. */
  static final class Driver extends KeyedProcessFunction<String, String, String> {
    private final TenantIndexState index = new TenantIndexState();

    @Override
    public void open(OpenContext openContext) {
      index.open(getRuntimeContext());
    }

    @Override
    public void processElement(String command, Context ctx, Collector<String> out) throws Exception {
      String tenant = ctx.getCurrentKey();
      String[] parts = command.split(":");
      switch (parts[0]) {
        case "insert" -> {
          float[] e = embedding(Integer.parseInt(parts[1]));
          index.insert(tenant, new IndexedItem("img-" + parts[1], 0, CompactEmbedding.encode(e)),
              Map.of(Slot.A, new VersionedCode(V1, signs(false).apply(new float[][] {e})[0])),
              signs(false));
        }
        case "rebuild" -> out.collect("rebuilt " + index.rebuild(tenant, Slot.B, V2, signs(true)));
        case "start" -> {
          index.dropHeap(Slot.B);
          out.collect("to re-hash " + index.startRehash(tenant, Slot.B, V2));
        }
        // time is up after the first batch: exactly one batch per slice
        case "slice" -> out.collect("sliced " + index.rehashSome(tenant, Slot.B, V2, signs(true),
            () -> true) + ", left " + index.rehashRemaining());
        case "insert-both" -> {
          float[] e = embedding(Integer.parseInt(parts[1]));
          index.insert(tenant, new IndexedItem("img-" + parts[1], 0, CompactEmbedding.encode(e)),
              Map.of(
                  Slot.A, new VersionedCode(V1, signs(false).apply(new float[][] {e})[0]),
                  Slot.B, new VersionedCode(V2, signs(true).apply(new float[][] {e})[0])),
              signs(false));
        }
        case "query" -> {
          float[] e = CompactEmbedding.decode(CompactEmbedding.encode(embedding(Integer.parseInt(parts[1]))));
          Matches m = index.search(tenant, Slot.B, V2, signs(true).apply(new float[][] {e})[0], 0, signs(true));
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < m.size(); i++) {
            ids.add(index.item(m.id(i)).imageId);
          }
          out.collect("query " + parts[1] + " -> " + ids);
        }
        case "wrong-version" -> index.search(tenant, Slot.B, V1, new long[1], 0, signs(false));
        default -> throw new IllegalArgumentException(command);
      }
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      OperatorSubtaskState restoreFrom) throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new Driver()), c -> "tenant", Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend(true));
    if (restoreFrom != null) {
      h.initializeState(restoreFrom);
    }
    h.open();
    return h;
  }

  @Test
  void aSlicedReHashResumesAfterARestoreAndEndsWithEveryItemIncludingThoseAddedMeanwhile()
      throws Exception {
    OperatorSubtaskState midway;
    try (var h = harness(null)) {
      for (int i = 0; i < ITEMS; i++) {
        h.processElement("insert:" + i, 0);
      }
      h.processElement("start", 0);
      h.processElement("slice", 0);
      h.processElement("insert-both:" + ITEMS, 0); // an upload during the swap: both codes
      midway = h.snapshot(1, 1);
      assertThat(h.extractOutputValues())
          .containsExactly("to re-hash " + ITEMS, "sliced 256, left " + (ITEMS - 256));
    }
    try (var h = harness(midway)) {
      // the restored heap index of B holds the re-hashed batch and the upload, not the rest
      h.processElement("query:" + ITEMS, 0);
      h.processElement("query:300", 0);
      h.processElement("slice", 0);
      h.processElement("slice", 0);
      h.processElement("slice", 0);
      for (int i = 0; i <= ITEMS; i += 29) {
        h.processElement("query:" + i, 0);
      }
      List<String> out = h.extractOutputValues();
      assertThat(out.subList(0, 5)).containsExactly(
          "query " + ITEMS + " -> [img-" + ITEMS + "]",
          "query 300 -> []",
          "sliced 256, left 17", "sliced 17, left 0", "sliced 0, left 0");
      for (String line : out.subList(5, out.size())) {
        String i = line.substring("query ".length(), line.indexOf(' ', "query ".length()));
        assertThat(line).isEqualTo("query " + i + " -> [img-" + i + "]");
      }
    }
  }

  static float[] embedding(int i) {
    SplittableRandom random = new SplittableRandom(i);
    float[] e = new float[256];
    for (int d = 0; d < e.length; d++) {
      e[d] = (float) (random.nextDouble() * 2 - 1);
    }
    return e;
  }

  @Test
  void rebuildsEveryItemUnderTheNewVersionAndRefusesTheOldOne() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, String, String> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new Driver()), c -> "tenant", Types.STRING)) {
      h.setStateBackend(new EmbeddedRocksDBStateBackend(true));
      h.open();
      for (int i = 0; i < ITEMS; i++) {
        h.processElement("insert:" + i, 0);
      }
      h.processElement("rebuild", 0);
      for (int i = 0; i < ITEMS; i += 37) {
        h.processElement("query:" + i, 0);
      }
      List<String> out = h.extractOutputValues();
      assertThat(out.get(0)).isEqualTo("rebuilt " + ITEMS);
      for (String line : out.subList(1, out.size())) {
        String i = line.substring("query ".length(), line.indexOf(' ', "query ".length()));
        assertThat(line).isEqualTo("query " + i + " -> [img-" + i + "]");
      }
      assertThatThrownBy(() -> h.processElement("wrong-version", 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds codes of v2, not of v1");
    }
  }
}
