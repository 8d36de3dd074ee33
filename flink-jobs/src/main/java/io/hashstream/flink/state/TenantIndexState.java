package io.hashstream.flink.state;

import io.hashstream.code.CodeLength;
import io.hashstream.index.IndexShard;
import io.hashstream.index.Matches;
import io.hashstream.index.MultiIndexHashConfig;
import io.hashstream.index.ShardSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The near-duplicate index of every tenant a subtask owns, in Flink keyed state (key = tenant),
 * with room for two model versions (see {@link Slot}).
 *
 * <p><b>Durable form (RocksDB, checkpointed incrementally):</b> per tenant, {@code items}
 * (item id → {@link IndexedItem}: image id, upload time, compact embedding), {@code item-count}
 * (the next item id), and per slot {@code codes-A}/{@code codes-B} (item id → packed code). One
 * upload writes one small entry per map, so a checkpoint uploads only what changed.
 *
 * <p><b>Searchable form (heap):</b> per tenant and slot an exact {@link IndexShard} (multi-index
 * hashing, about 30 bytes per 64-bit item), built from the slot's codes the first time the tenant is
 * touched after start, restore or rescale, then updated with every insert. If the slot lacks codes
 * for some items (a rescale brought the tenant from a subtask that was at another point of a swap),
 * the missing codes are computed from the retained embeddings with the slot's model while building,
 * so a slot's index always covers every item.
 *
 * <p><b>Versions.</b> Each heap index is stamped with a number derived from its model version
 * ({@link #versionStamp}); every search states the version of its query code and a mismatch
 * throws: codes of two versions can never be compared, by construction and by check.
 *
 * <p>Single-threaded: call only from the owning function, with Flink's current key set (in {@code
 * processElement}, or inside {@code applyToKeyedState}).
 */
public final class TenantIndexState {
  /** A batch of embeddings handed to the model at once when (re-)hashing stored items. */
  static final int REHASH_BATCH = 256;

  private transient RuntimeContext context;
  private transient MapState<Long, IndexedItem> items;
  private transient ValueState<Long> itemCount;
  private transient Map<Slot, MapState<Long, long[]>> codes;
  private transient Map<Slot, Map<String, IndexShard>> heap;
  private transient Map<Slot, IndexVersion> heapVersion;

  /** The state descriptor of the items map (for {@code applyToKeyedState}). */
  public static MapStateDescriptor<Long, IndexedItem> itemsDescriptor() {
    return new MapStateDescriptor<>("items", Types.LONG, TypeInformation.of(IndexedItem.class));
  }

  /** Registers the state; call from the owning function's {@code open}. */
  public void open(RuntimeContext context) {
    this.context = context;
    items = context.getMapState(itemsDescriptor());
    itemCount = context.getState(new ValueStateDescriptor<>("item-count", Types.LONG));
    codes = new EnumMap<>(Slot.class);
    heap = new EnumMap<>(Slot.class);
    heapVersion = new EnumMap<>(Slot.class);
    for (Slot slot : Slot.values()) {
      codes.put(
          slot,
          context.getMapState(
              new MapStateDescriptor<>(
                  "codes-" + slot.name(), Types.LONG,
                  PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO)));
      heap.put(slot, new HashMap<>());
    }
  }

  /** A stable number standing for a model version in an {@link IndexShard}. */
  public static long versionStamp(String version) {
    byte[] b = version.getBytes(StandardCharsets.UTF_8);
    long h = 0xcbf29ce484222325L; // FNV-1a 64
    for (byte x : b) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /**
   * Items of the current tenant within {@code radius} of {@code query}, nearest first.
   *
   * @param slot the slot to search
   * @param version the model version {@code query} was computed with; must be the slot's
   * @param coder computes codes of stored items the slot lacks (see class docs)
   * @throws IllegalStateException if {@code version} is not the slot's version
   */
  public Matches search(
      String tenant, Slot slot, IndexVersion version, long[] query, int radius,
      Function<float[][], long[][]> coder) throws Exception {
    IndexShard index = index(tenant, slot, version, coder);
    index.requireModelVersion(versionStamp(version.version()));
    Matches matches = new Matches();
    index.rangeSearch(query, 0, radius, matches);
    matches.sort();
    return matches;
  }

  /** The stored item of the current tenant, or null. */
  public IndexedItem item(long itemId) throws Exception {
    return items.get(itemId);
  }

  /**
   * Adds an upload to the current tenant: the item once, and its code to each given slot.
   *
   * @param slotCodes for each slot to index it in: its version and its code under that version
   * @return the new item's id
   */
  public long insert(
      String tenant, IndexedItem item, Map<Slot, VersionedCode> slotCodes,
      Function<float[][], long[][]> coderOfMissing) throws Exception {
    Long count = itemCount.value();
    long id = count == null ? 0 : count;
    for (Map.Entry<Slot, VersionedCode> e : slotCodes.entrySet()) {
      // build the heap index before the item exists, so the build does not see it twice
      index(tenant, e.getKey(), e.getValue().version(), coderOfMissing);
    }
    items.put(id, item);
    itemCount.update(id + 1);
    for (Map.Entry<Slot, VersionedCode> e : slotCodes.entrySet()) {
      long[] code = e.getValue().code();
      CodeLength length = e.getValue().version().length();
      if (code.length != length.words()) {
        throw new IllegalArgumentException(
            "code has " + code.length + " words, a " + length + " code has " + length.words());
      }
      codes.get(e.getKey()).put(id, code);
      heap.get(e.getKey()).get(tenant).insert(id, code, 0);
    }
    return id;
  }

  /** Items of the current tenant. */
  public long size() throws Exception {
    Long count = itemCount.value();
    return count == null ? 0 : count;
  }

  /** Items in the heap indexes of a slot, over all tenants this subtask has touched. */
  public long heapSize(Slot slot) {
    long n = 0;
    for (IndexShard s : heap.get(slot).values()) {
      n += s.size();
    }
    return n;
  }

  /**
   * Recomputes every code of the current tenant in {@code slot} with another model version, from
   * the retained embeddings, in batches; replaces the slot's codes and heap index.
   *
   * @param progress called after each batch with the items done so far
   * @return the number of items re-hashed
   */
  public long rebuild(
      String tenant, Slot slot, IndexVersion version, Function<float[][], long[][]> coder,
      java.util.function.LongConsumer progress) throws Exception {
    MapState<Long, long[]> slotCodes = codes.get(slot);
    slotCodes.clear();
    heap.get(slot).remove(tenant);
    IndexShard index =
        new IndexShard(version.length(), versionStamp(version.version()), ShardSpec.WHOLE);
    // one sequential pass over the items (a RocksDB iterator), not a point read per item: at a
    // million items the point reads, not the model, were the cost of a swap
    long[] ids = new long[REHASH_BATCH];
    float[][] batch = new float[REHASH_BATCH][];
    int rows = 0;
    long done = 0;
    for (Map.Entry<Long, IndexedItem> e : items.entries()) {
      ids[rows] = e.getKey();
      batch[rows] = CompactEmbedding.decode(e.getValue().embedding);
      rows++;
      if (rows == REHASH_BATCH) {
        done += rehash(slotCodes, index, ids, batch, rows, coder);
        progress.accept(done);
        rows = 0;
      }
    }
    if (rows > 0) {
      done += rehash(slotCodes, index, ids, batch, rows, coder);
      progress.accept(done);
    }
    heap.get(slot).put(tenant, index);
    heapVersion.put(slot, version);
    return done;
  }

  private static int rehash(
      MapState<Long, long[]> slotCodes, IndexShard index, long[] ids, float[][] batch, int rows,
      Function<float[][], long[][]> coder) throws Exception {
    float[][] input = rows == batch.length ? batch : Arrays.copyOf(batch, rows);
    long[][] codes = coder.apply(input);
    for (int r = 0; r < rows; r++) {
      slotCodes.put(ids[r], codes[r]);
      index.insert(ids[r], codes[r], 0);
    }
    return rows;
  }

  /** Drops the current tenant's codes of a slot (durable and heap). */
  public void clear(String tenant, Slot slot) throws Exception {
    codes.get(slot).clear();
    heap.get(slot).remove(tenant);
  }

  /** Forgets every heap index of a slot (after its version was dropped). */
  public void dropHeap(Slot slot) {
    heap.get(slot).clear();
    heapVersion.remove(slot);
  }

  /** The current tenant's heap index of a slot, built from state on first use. */
  private IndexShard index(
      String tenant, Slot slot, IndexVersion version, Function<float[][], long[][]> coder)
      throws Exception {
    IndexVersion built = heapVersion.get(slot);
    if (built != null && !built.equals(version)) {
      // a slot changes version only through rebuild() after dropHeap(): anything else is a bug
      // that would compare codes of two versions
      throw new IllegalStateException(
          "slot " + slot + " holds codes of " + built.version() + ", not of " + version.version());
    }
    heapVersion.put(slot, version);
    IndexShard index = heap.get(slot).get(tenant);
    if (index == null) {
      index = load(slot, version, coder);
      heap.get(slot).put(tenant, index);
    }
    return index;
  }

  /** Builds the current tenant's index of a slot from its codes, computing any missing code. */
  private IndexShard load(Slot slot, IndexVersion version, Function<float[][], long[][]> coder)
      throws Exception {
    MapState<Long, long[]> slotCodes = codes.get(slot);
    long n = size();
    CodeLength length = version.length();
    int words = length.words();
    long[] ids = new long[(int) Math.max(16, n)];
    long[] flat = new long[ids.length * words];
    boolean[] present = new boolean[(int) n];
    int loaded = 0;
    for (Map.Entry<Long, long[]> e : slotCodes.entries()) {
      long id = e.getKey();
      if (id >= n) {
        continue; // cannot happen with a consistent state; never index an item that is not stored
      }
      ids[loaded] = id;
      System.arraycopy(e.getValue(), 0, flat, loaded * words, words);
      present[(int) id] = true;
      loaded++;
    }
    List<Long> missing = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      if (!present[id]) {
        missing.add((long) id);
      }
    }
    for (int from = 0; from < missing.size(); from += REHASH_BATCH) {
      int rows = Math.min(REHASH_BATCH, missing.size() - from);
      float[][] batch = new float[rows][];
      for (int r = 0; r < rows; r++) {
        batch[r] = CompactEmbedding.decode(items.get(missing.get(from + r)).embedding);
      }
      long[][] batchCodes = coder.apply(batch);
      for (int r = 0; r < rows; r++) {
        long id = missing.get(from + r);
        slotCodes.put(id, batchCodes[r]);
        ids[loaded] = id;
        System.arraycopy(batchCodes[r], 0, flat, loaded * words, words);
        loaded++;
      }
    }
    return IndexShard.bulkLoad(
        length, versionStamp(version.version()), ShardSpec.WHOLE, MultiIndexHashConfig.DEFAULT, ids,
        flat, 0, loaded);
  }

  /** A model version and its code length: what a slot's index is built for. */
  public record IndexVersion(String version, CodeLength length) {}

  /** A code and the model version it was computed with. */
  public record VersionedCode(IndexVersion version, long[] code) {}
}
