package io.hashstream.flink.state;

import io.hashstream.code.CodeLength;
import io.hashstream.index.IndexShard;
import io.hashstream.index.MultiIndexHashConfig;
import io.hashstream.index.ShardSpec;
import io.hashstream.index.result.Matches;
import io.hashstream.model.ModelVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
 * <p><b>Re-hashing for a new version</b> happens in slices ({@link #startRehash}, then {@link
 * #rehashSome} until {@link #rehashRemaining} is 0), so that the owning function can go on
 * answering uploads between slices; {@code rehash} (per tenant: the next item id to re-hash and the
 * item count when the re-hash started) is durable, so a restore mid-swap resumes where the last
 * checkpoint left off. Items added during a re-hash carry codes of both versions and are not
 * re-hashed.
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
  /** Per tenant, while a slot is re-hashed: {slot ordinal, next item id, end (exclusive)}. */
  private transient ValueState<long[]> rehash;
  /**
   * Per tenant, the items iterator a re-hash reads from, kept between slices: RocksDB reads in key
   * order are cheap, point reads cost as much as the model (measured: half of a swap's time). Not
   * state: after a restore a new iterator skips to the cursor once.
   */
  private transient Map<String, Iterator<Map.Entry<Long, IndexedItem>>> rehashReaders;

  /** The state descriptor of the items map (for {@code applyToKeyedState}). */
  public static MapStateDescriptor<Long, IndexedItem> itemsDescriptor() {
    return new MapStateDescriptor<>("items", Types.LONG, TypeInformation.of(IndexedItem.class));
  }

  /**
   * The state descriptor of the item count: one entry per tenant, so {@code applyToKeyedState}
   * over it visits every tenant without walking every item.
   */
  public static ValueStateDescriptor<Long> itemCountDescriptor() {
    return new ValueStateDescriptor<>("item-count", Types.LONG);
  }

  /** Registers the state; call from the owning function's {@code open}. */
  public void open(RuntimeContext context) {
    this.context = context;
    items = context.getMapState(itemsDescriptor());
    itemCount = context.getState(itemCountDescriptor());
    rehash = context.getState(
        new ValueStateDescriptor<>("rehash", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    codes = new EnumMap<>(Slot.class);
    heap = new EnumMap<>(Slot.class);
    heapVersion = new EnumMap<>(Slot.class);
    rehashReaders = new HashMap<>();
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
    return ModelVersion.of(version).stamp();
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

  /** The current tenant's stored code of an item in a slot, or null (a point read). */
  public long[] code(Slot slot, long itemId) throws Exception {
    return codes.get(slot).get(itemId);
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
   * Recomputes every code of the current tenant in {@code slot} with another model version, in one
   * go: {@link #startRehash} and {@link #rehashSome} without a deadline.
   *
   * @return the number of items re-hashed
   */
  public long rebuild(
      String tenant, Slot slot, IndexVersion version, Function<float[][], long[][]> coder)
      throws Exception {
    startRehash(tenant, slot, version);
    return rehashSome(tenant, slot, version, coder, () -> false);
  }

  /**
   * Empties {@code slot} for the current tenant and marks every item stored so far to be re-hashed
   * into it with {@code version}; items inserted from now on must carry a code for the slot.
   * Call {@link #dropHeap} for the slot first (once, before the first tenant).
   *
   * @return the number of items to re-hash
   */
  public long startRehash(String tenant, Slot slot, IndexVersion version) throws Exception {
    codes.get(slot).clear();
    rehashReaders.remove(tenant);
    heap.get(slot).put(
        tenant, new IndexShard(version.length(), versionStamp(version.version()), ShardSpec.WHOLE));
    heapVersion.put(slot, version);
    long n = size();
    if (n > 0) {
      rehash.update(new long[] {slot.ordinal(), 0, n});
    } else {
      rehash.clear();
    }
    return n;
  }

  /** Items of the current tenant still to be re-hashed (0 when none or no re-hash runs). */
  public long rehashRemaining() throws Exception {
    long[] r = rehash.value();
    return r == null ? 0 : r[2] - r[1];
  }

  /**
   * Re-hashes the current tenant's next items into {@code slot}, from the retained embeddings, in
   * batches, until none is left or {@code timeUp} says so (asked after each batch, so a call
   * re-hashes at least one batch when any item is left).
   *
   * @return the number of items re-hashed by this call
   */
  public long rehashSome(
      String tenant, Slot slot, IndexVersion version, Function<float[][], long[][]> coder,
      BooleanSupplier timeUp) throws Exception {
    long[] r = rehash.value();
    if (r == null) {
      return 0;
    }
    if (r[0] != slot.ordinal()) {
      throw new IllegalStateException("the re-hash in progress is into slot " + Slot.values()[(int) r[0]]
          + ", not " + slot);
    }
    IndexShard index = index(tenant, slot, version, coder);
    MapState<Long, long[]> slotCodes = codes.get(slot);
    long next = r[1];
    long end = r[2];
    Iterator<Map.Entry<Long, IndexedItem>> reader = rehashReaders.get(tenant);
    if (reader == null) {
      reader = items.iterator(); // item ids are dense from 0 and iterate in ascending order
      rehashReaders.put(tenant, reader);
    }
    long[] ids = new long[REHASH_BATCH];
    float[][] batch = new float[REHASH_BATCH][];
    long done = 0;
    while (next < end) {
      int rows = 0;
      while (rows < REHASH_BATCH && next < end && reader.hasNext()) {
        Map.Entry<Long, IndexedItem> e = reader.next();
        long id = e.getKey();
        if (id < next) {
          continue; // a fresh reader after a restore skips what was re-hashed before it
        }
        if (id >= end) {
          next = end; // added during the re-hash: it came with both codes
          break;
        }
        ids[rows] = id;
        batch[rows] = CompactEmbedding.decode(e.getValue().embedding);
        rows++;
        next = id + 1;
      }
      if (rows == 0) {
        next = end; // no item left below end (ids are dense, so this means done)
        break;
      }
      long[][] batchCodes = coder.apply(rows == REHASH_BATCH ? batch : Arrays.copyOf(batch, rows));
      for (int i = 0; i < rows; i++) {
        slotCodes.put(ids[i], batchCodes[i]);
        index.insert(ids[i], batchCodes[i], 0);
      }
      done += rows;
      if (timeUp.getAsBoolean()) {
        break;
      }
    }
    if (next < end) {
      rehash.update(new long[] {slot.ordinal(), next, end});
    } else {
      rehash.clear();
      rehashReaders.remove(tenant);
    }
    return done;
  }

  /** Drops the current tenant's codes of a slot (durable and heap), and any re-hash into it. */
  public void clear(String tenant, Slot slot) throws Exception {
    codes.get(slot).clear();
    long[] r = rehash.value();
    if (r != null && r[0] == slot.ordinal()) {
      rehash.clear();
      rehashReaders.remove(tenant);
    }
    heap.get(slot).remove(tenant);
  }

  /** Forgets every heap index of a slot (after its version was dropped). */
  public void dropHeap(Slot slot) {
    heap.get(slot).clear();
    rehashReaders.clear(); // only the slot being re-hashed is ever dropped while one is read
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
    // items a running re-hash has not reached yet are added by it, slice by slice
    long[] pending = rehash.value();
    boolean rehashing = pending != null && pending[0] == slot.ordinal();
    long pendingFrom = rehashing ? pending[1] : n;
    long pendingTo = rehashing ? pending[2] : n;
    List<Long> missing = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      if (!present[id] && (id < pendingFrom || id >= pendingTo)) {
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
