package io.hashstream.flink.state;

import io.hashstream.code.CodeLength;
import io.hashstream.index.IndexShard;
import io.hashstream.index.MultiIndexHashConfig;
import io.hashstream.index.ShardSpec;
import io.hashstream.pdq.PdqHash;
import io.hashstream.pdq.PdqHits;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Every tenant's PDQ hashes, beside its CroVCA index ({@link TenantIndexState}) and keyed by the
 * same item ids: each image's hash is stored once, whatever model version is active, and a hot
 * swap never touches it (PDQ has no model).
 *
 * <p><b>Durable form:</b> per tenant, {@code pdq} (item id → the 4 words of the hash and its
 * quality). <b>Searchable form:</b> an exact 256-bit {@link IndexShard} per tenant, holding only
 * hashes of useful quality, built on the first touch after start, restore or rescale, then updated
 * with every insert.
 *
 * <p>Queries use all eight rotations/flips of the upload's hash, so a rotated or mirrored copy is
 * found; an item's distance is its smallest over the eight.
 *
 * <p>Single-threaded: call only from the owning function with Flink's current key set.
 */
public final class TenantPdqIndex {
  private static final CodeLength LENGTH = PdqHash.CODE_LENGTH;
  private static final int WORDS = LENGTH.words();
  /** The stamp the heap index carries instead of a model version: PDQ has none. */
  private static final long STAMP = TenantIndexState.versionStamp("pdq");

  private final int minQuality;
  private transient MapState<Long, long[]> hashes;
  private transient Map<String, IndexShard> heap;

  /** @param minQuality hashes of lower quality are stored but never matched */
  public TenantPdqIndex(int minQuality) {
    this.minQuality = minQuality;
  }

  /** Registers the state; call from the owning function's {@code open}. */
  public void open(RuntimeContext context) {
    hashes = context.getMapState(new MapStateDescriptor<>(
        "pdq", Types.LONG, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    heap = new HashMap<>();
  }

  /** Whether a hash of this quality takes part in matching. */
  public boolean isUseful(int quality) {
    return quality >= minQuality;
  }

  /**
   * Stores an item's hash for the current tenant (and indexes it when its quality is useful).
   *
   * @param packed the hash's words from offset 0 (more words, e.g. the other variants, are ignored)
   */
  public void insert(String tenant, long itemId, long[] packed, int quality) throws Exception {
    IndexShard index = index(tenant); // built before the item is stored, so it is not added twice
    long[] stored = new long[WORDS + 1];
    System.arraycopy(packed, 0, stored, 0, WORDS);
    stored[WORDS] = quality;
    hashes.put(itemId, stored);
    if (isUseful(quality)) {
      index.insert(itemId, stored, 0);
    }
  }

  /**
   * Items of the current tenant whose hash is within {@code radius} of any of the query's
   * variants, each with its smallest distance and the variant that gave it.
   *
   * @param variants the query's hashes, {@code WORDS} longs each, one after another
   */
  public PdqHits search(String tenant, long[] variants, int radius) throws Exception {
    return PdqHits.search(index(tenant), variants, radius);
  }

  /**
   * The smallest distance between a stored item's hash and any of the query's variants, with the
   * variant, or null when the item has no hash of useful quality.
   */
  public PdqHits.Hit distance(long itemId, long[] variants) throws Exception {
    long[] stored = hashes.get(itemId);
    if (stored == null || !isUseful((int) stored[WORDS])) {
      return null;
    }
    return PdqHits.nearest(itemId, stored, 0, variants);
  }

  /** Hashes in the heap indexes, over all tenants this subtask has touched. */
  public long heapSize() {
    long n = 0;
    for (IndexShard s : heap.values()) {
      n += s.size();
    }
    return n;
  }

  /** The current tenant's heap index, built from its stored hashes on first use. */
  private IndexShard index(String tenant) throws Exception {
    IndexShard index = heap.get(tenant);
    if (index == null) {
      int n = 0;
      long[] ids = new long[16];
      long[] flat = new long[16 * WORDS];
      for (Map.Entry<Long, long[]> e : hashes.entries()) {
        long[] stored = e.getValue();
        if (!isUseful((int) stored[WORDS])) {
          continue;
        }
        if (n == ids.length) {
          ids = java.util.Arrays.copyOf(ids, n * 2);
          flat = java.util.Arrays.copyOf(flat, n * 2 * WORDS);
        }
        ids[n] = e.getKey();
        System.arraycopy(stored, 0, flat, n * WORDS, WORDS);
        n++;
      }
      index = IndexShard.bulkLoad(LENGTH, STAMP, ShardSpec.WHOLE, MultiIndexHashConfig.DEFAULT, ids,
          flat, 0, n);
      heap.put(tenant, index);
    }
    return index;
  }
}
