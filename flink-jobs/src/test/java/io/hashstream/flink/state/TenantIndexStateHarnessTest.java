package io.hashstream.flink.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import io.hashstream.index.Matches;
import io.hashstream.index.ShardSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import io.hashstream.flink.state.TenantIndexState.IndexVersion;
import io.hashstream.flink.state.TenantIndexState.VersionedCode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * The tenant index in RocksDB keyed state survives a checkpoint, a restore and a rescale (1 → 2 → 1
 * subtasks), and every query's answer equals brute force over the items indexed before it.
 */
class TenantIndexStateHarnessTest {
  private static final int MAX_PARALLELISM = 128;
  private static final int SHARDS = 4;
  private static final int RADIUS = 6;

  /** An item: id and one 64-bit code word; key = its shard. */
  public static final class Item {
    public long id;
    public long code;

    public Item() {}

    Item(long id, long code) {
      this.id = id;
      this.code = code;
    }
  }

  /** Query-then-insert, as the streaming job does per upload; emits "query:match:distance". */
  static final class IndexingFunction extends KeyedProcessFunction<String, Item, String> {
    private static final IndexVersion VERSION = new IndexVersion("v7", CodeLength.BITS_64);
    private static final Function<float[][], long[][]> NO_CODER =
        rows -> {
          throw new AssertionError("every item has its code: none should be recomputed");
        };
    private final TenantIndexState index = new TenantIndexState();

    @Override
    public void open(OpenContext openContext) {
      index.open(getRuntimeContext());
    }

    @Override
    public void processElement(Item item, Context ctx, Collector<String> out) throws Exception {
      long[] code = {item.code};
      String key = ctx.getCurrentKey();
      Matches matches = index.search(key, Slot.A, VERSION, code, RADIUS, NO_CODER);
      for (int i = 0; i < matches.size(); i++) {
        out.collect(item.id + ":" + index.item(matches.id(i)).imageId + ":" + matches.distance(i));
      }
      byte[] embedding = CompactEmbedding.encode(new float[] {item.id});
      index.insert(key, new IndexedItem(String.valueOf(item.id), item.id, embedding),
          Map.of(Slot.A, new VersionedCode(VERSION, code)), NO_CODER);
    }
  }

  private static final KeySelector<Item, String> SHARD = item -> "shard-" + ShardSpec.shardOf(item.id, SHARDS);

  @Test
  void survivesCheckpointRestoreAndRescaleWithExactAnswers() throws Exception {
    List<Item> items = clusteredItems(600, new SplittableRandom(42));
    List<String> expected = bruteForce(items);
    List<String> actual = new ArrayList<>();

    // phase 1: one subtask takes the first third, then checkpoints
    OperatorSubtaskState afterPhase1;
    try (KeyedOneInputStreamOperatorTestHarness<String, Item, String> one = harness(1, 0, null)) {
      for (Item item : items.subList(0, 200)) {
        one.processElement(item, 0);
      }
      actual.addAll(one.extractOutputValues());
      afterPhase1 = one.snapshot(1, 1);
    }

    // phase 2: rescale to two subtasks, each restores its key groups and takes its keys
    List<OperatorSubtaskState> afterPhase2 = new ArrayList<>();
    List<KeyedOneInputStreamOperatorTestHarness<String, Item, String>> two = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      two.add(harness(2, subtask,
          AbstractStreamOperatorTestHarness.repartitionOperatorState(afterPhase1, MAX_PARALLELISM, 1, 2, subtask)));
    }
    for (Item item : items.subList(200, 400)) {
      two.get(subtaskOf(item, 2)).processElement(item, 0);
    }
    for (var h : two) {
      actual.addAll(h.extractOutputValues());
      afterPhase2.add(h.snapshot(2, 2));
      h.close();
    }

    // phase 3: back to one subtask from both snapshots
    OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(
        afterPhase2.toArray(new OperatorSubtaskState[0]));
    try (KeyedOneInputStreamOperatorTestHarness<String, Item, String> back = harness(1, 0,
        AbstractStreamOperatorTestHarness.repartitionOperatorState(merged, MAX_PARALLELISM, 2, 1, 0))) {
      for (Item item : items.subList(400, 600)) {
        back.processElement(item, 0);
      }
      actual.addAll(back.extractOutputValues());
    }

    assertThat(expected).hasSizeGreaterThan(100); // the clusters really produce matches
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Item, String> harness(
      int parallelism, int subtask, OperatorSubtaskState restoreFrom) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, Item, String> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new IndexingFunction()), SHARD, Types.STRING,
            MAX_PARALLELISM, parallelism, subtask);
    h.setStateBackend(new EmbeddedRocksDBStateBackend(true));
    if (restoreFrom != null) {
      h.initializeState(restoreFrom);
    }
    h.open();
    return h;
  }

  private static int subtaskOf(Item item, int parallelism) throws Exception {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(SHARD.getKey(item), MAX_PARALLELISM, parallelism);
  }

  /** 60 cluster centres, each item a centre with 0–5 bits flipped: many matches within radius 6. */
  private static List<Item> clusteredItems(int n, SplittableRandom random) {
    long[] centres = new long[60];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = random.nextLong();
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long code = centres[random.nextInt(centres.length)];
      int flips = random.nextInt(6);
      for (int f = 0; f < flips; f++) {
        code ^= 1L << random.nextInt(64);
      }
      items.add(new Item(1000 + i, code));
    }
    return items;
  }

  /** The oracle: each item against every earlier item of its shard, by Long.bitCount. */
  private static List<String> bruteForce(List<Item> items) throws Exception {
    List<String> out = new ArrayList<>();
    Map<String, List<Item>> seen = new HashMap<>();
    for (Item item : items) {
      List<Item> shard = seen.computeIfAbsent(SHARD.getKey(item), k -> new ArrayList<>());
      for (Item earlier : shard) {
        int d = Long.bitCount(item.code ^ earlier.code);
        if (d <= RADIUS) {
          out.add(item.id + ":" + earlier.id + ":" + d);
        }
      }
      shard.add(item);
    }
    return out;
  }
}
