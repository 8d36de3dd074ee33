package io.hashstream.flink.state;

import io.hashstream.code.CodeLength;
import io.hashstream.index.IndexShard;
import io.hashstream.index.MatchSink;
import io.hashstream.index.MultiIndexHashConfig;
import io.hashstream.index.ShardSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One exact Hamming index per key, held in Flink keyed state: the durable form is a {@code
 * MapState<itemId, code words>} (one RocksDB entry per item, so an insert writes one small entry and
 * incremental checkpoints upload only what changed), and the searchable form is an {@link
 * IndexShard} on the heap, built from the map state the first time a key is touched after start,
 * restore or rescale (bulk load, O(n·m)) and then updated in place with every insert.
 *
 * <p>Rescaling needs nothing special: a key's map state moves with its key group, and the new
 * subtask builds the key's heap index on first use. Exact: a search returns exactly what brute force
 * over the key's items returns.
 *
 * <p>Single-threaded, like the function that owns it: call it only from that function's {@code
 * processElement}, with Flink's current key set. The heap indexes of all keys a subtask owns stay in
 * memory (that is the index); about 30 bytes per 64-bit item.
 */
public final class KeyedIndexState {
  private final String name;
  private final CodeLength length;
  private final long modelVersion;
  private transient MapState<Long, long[]> items;
  private transient Map<Object, IndexShard> heap;

  /**
   * @param name the state name; part of savepoint compatibility, so never change it for a job
   * @param length the code length of every item
   * @param modelVersion the one model version whose codes this state holds
   */
  public KeyedIndexState(String name, CodeLength length, long modelVersion) {
    this.name = name;
    this.length = length;
    this.modelVersion = modelVersion;
  }

  /** Registers the state; call from the owning function's {@code open}. */
  public void open(RuntimeContext context) {
    items =
        context.getMapState(
            new MapStateDescriptor<>(name, Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    heap = new HashMap<>();
  }

  /** Every item of the current key within {@code radius} of {@code query}, into {@code sink}. */
  public void rangeSearch(Object currentKey, long[] query, int radius, MatchSink sink)
      throws Exception {
    index(currentKey).rangeSearch(query, 0, radius, sink);
  }

  /** Adds an item to the current key's index, durably (map state) and searchably (heap). */
  public void insert(Object currentKey, long itemId, long[] code) throws Exception {
    if (code.length != length.words()) {
      throw new IllegalArgumentException(
          "code has " + code.length + " words, a " + length + " code has " + length.words());
    }
    IndexShard index = index(currentKey);
    items.put(itemId, code.clone());
    index.insert(itemId, code, 0);
  }

  /** Items of the current key. */
  public int size(Object currentKey) throws Exception {
    return index(currentKey).size();
  }

  private IndexShard index(Object currentKey) throws Exception {
    IndexShard index = heap.get(currentKey);
    if (index == null) {
      index = load();
      heap.put(currentKey, index);
    }
    return index;
  }

  /** Builds the heap index of the current key from its map state. */
  private IndexShard load() throws Exception {
    int words = length.words();
    int n = 0;
    long[] ids = new long[16];
    long[] codes = new long[16 * words];
    for (Map.Entry<Long, long[]> e : items.entries()) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n * 2);
        codes = Arrays.copyOf(codes, n * 2 * words);
      }
      ids[n] = e.getKey();
      System.arraycopy(e.getValue(), 0, codes, n * words, words);
      n++;
    }
    return IndexShard.bulkLoad(
        length, modelVersion, ShardSpec.WHOLE, MultiIndexHashConfig.DEFAULT, ids, codes, 0, n);
  }
}
