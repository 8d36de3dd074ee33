package io.hashstream.index;

import io.hashstream.code.CodeLength;
import io.hashstream.code.PackedCodes;
import io.hashstream.index.result.ItemVisitor;
import io.hashstream.index.result.MatchSink;
import io.hashstream.index.result.Matches;

/**
 * A Hamming index of the items of one {@linkplain #modelVersion() model version} whose ids fall in
 * one {@link ShardSpec}: a scan that promotes itself to multi-index hashing as it grows.
 *
 * <p><b>In the streaming job</b> there is one shard per tenant and model slot, owning every id
 * ({@link ShardSpec#WHOLE}). The match operator is keyed by tenant: it queries the tenant's shard
 * and then inserts into it in one {@code processElement}, so arrival order at the key decides
 * which of two near-copies came first and they find each other exactly once. The shard lives on
 * the heap; the codes are kept per item in keyed state, and the shard is rebuilt from them with
 * {@link #bulkLoad} the first time a tenant is touched after a start, restore or rescale ({@code
 * TenantIndexState} in flink-jobs). So a tenant's items live on one subtask.
 *
 * <p><b>Sharding by id hash</b> ({@link ShardSpec} with more than one shard, {@link #split()},
 * {@link #merge}) is for a tenant too large for one subtask; the job does not do it. An item goes
 * into exactly the shard {@link ShardSpec#shardOf} names and a query runs on every shard of its
 * model version; shards hold disjoint items, so the concatenated answers are the exact answer.
 * Two costs come with it. Fanning a query out while the insert goes to the owner shard races: two
 * near-copies arriving together can both query before either insert lands, so queries and inserts
 * need one sequencer first. And every shard a query visits pays its own probe floor (a few hundred
 * bucket probes at radius 8, however few items it holds), so a query's work grows about linearly
 * with the shard count (16 shards over 10M items cost 6 to 12 times one index at radius 8, 2
 * shards 1.2 to 1.4 times; BENCHMARKS.md): keep shards few and large.
 *
 * <p><b>Not by substring.</b> The alternative keys on (substring table, bucket of substring
 * values), so a query visits only the keys it probes: exactly {@code m} keys below radius {@code
 * m}, but most keys at alert radii. It stores every item once per table ({@code m} times the
 * memory: about 51 bytes per 64-bit item at 10M, against the 32-byte budget), writes {@code m} keys
 * per insert, and the same item can be found through several keys, so its matches need a keyed
 * de-duplication step. Its query work is lower (about that of one unsharded index), which is why it
 * was measured; the memory budget and the per-insert fan-out decided against it.
 *
 * <p><b>Representation.</b> A shard starts as a {@link ScanIndex} and promotes itself to a {@link
 * MultiIndexHashIndex} (bulk-loaded, O(n · m)) once it holds more than {@value #PROMOTION_SIZE}
 * items, where probing starts to beat a scan at alert radii. It does not demote; {@link #split()},
 * {@link #merge} and a snapshot restore choose the representation afresh by size. Exactness, costs,
 * bytes per item and allocation are those of the representation in use.
 *
 * <p><b>Versions.</b> A shard never holds codes of two model versions, so a query against it never
 * compares across versions; callers check {@link #requireModelVersion} before querying with a code.
 *
 * <p><b>Threads.</b> Single-writer, not synchronised (see {@link HammingIndex}).
 */
public final class IndexShard implements HammingIndex {
  /** Items above which a shard promotes itself from a scan to multi-index hashing. */
  public static final int PROMOTION_SIZE = 4096;

  private final long modelVersion;
  private final ShardSpec spec;
  private final MultiIndexHashConfig config;
  private HammingIndex index;

  /** Creates an empty shard with {@link MultiIndexHashConfig#DEFAULT}. */
  public IndexShard(CodeLength length, long modelVersion, ShardSpec spec) {
    this(length, modelVersion, spec, MultiIndexHashConfig.DEFAULT);
  }

  /** Creates an empty shard; {@code config} applies once it promotes. */
  public IndexShard(
      CodeLength length, long modelVersion, ShardSpec spec, MultiIndexHashConfig config) {
    this(modelVersion, spec, config, new ScanIndex(length));
  }

  private IndexShard(
      long modelVersion, ShardSpec spec, MultiIndexHashConfig config, HammingIndex index) {
    this.modelVersion = modelVersion;
    this.spec = spec;
    this.config = config;
    this.index = index;
  }

  /**
   * Builds a shard over {@code n} items at once ({@code ids[i]} with the code at {@code
   * codes[codesOffset + i · words]}), choosing the representation by size: the fast way to fill a
   * shard, e.g. with a new model version's re-hashed codes. Copies the items; O(n · m).
   *
   * @throws IllegalArgumentException if an id belongs to another shard or a code is invalid
   */
  public static IndexShard bulkLoad(
      CodeLength length,
      long modelVersion,
      ShardSpec spec,
      MultiIndexHashConfig config,
      long[] ids,
      long[] codes,
      int codesOffset,
      int n) {
    ItemRun items = new ItemRun(length, n);
    for (int i = 0; i < n; i++) {
      PackedCodes.requireValid(length, codes, codesOffset + i * length.words());
      items.visit(ids[i], codes, codesOffset + i * length.words());
    }
    return load(modelVersion, spec, config, items);
  }

  /** Builds a shard over a run of items, choosing the representation by size. */
  static IndexShard load(
      long modelVersion, ShardSpec spec, MultiIndexHashConfig config, ItemRun items) {
    for (int i = 0; i < items.size; i++) {
      requireOwned(spec, items.ids[i]);
    }
    return new IndexShard(modelVersion, spec, config, items.load(PROMOTION_SIZE, config));
  }

  /** Returns the model version of every code in this shard. */
  public long modelVersion() {
    return modelVersion;
  }

  /** Returns the ids this shard owns. */
  public ShardSpec spec() {
    return spec;
  }

  /** Returns the configuration used once promoted. */
  public MultiIndexHashConfig config() {
    return config;
  }

  /** Returns whether the shard has promoted itself to multi-index hashing. */
  public boolean isPromoted() {
    return index instanceof MultiIndexHashIndex;
  }

  /**
   * Throws unless {@code version} is this shard's model version: codes of different versions are
   * never compared.
   */
  public void requireModelVersion(long version) {
    if (version != modelVersion) {
      throw new IllegalArgumentException(
          "code of model version " + version + " offered to a shard of version " + modelVersion);
    }
  }

  @Override
  public CodeLength codeLength() {
    return index.codeLength();
  }

  @Override
  public int size() {
    return index.size();
  }

  /**
   * Adds an item this shard owns; promotes the shard (a bulk load, O(n · m)) when it passes {@link
   * #PROMOTION_SIZE}.
   *
   * @throws IllegalArgumentException if the id belongs to another shard
   */
  @Override
  public void insert(long itemId, long[] code, int offset) {
    requireOwned(spec, itemId);
    index.insert(itemId, code, offset);
    if (!isPromoted() && index.size() > PROMOTION_SIZE) {
      ItemRun items = new ItemRun(codeLength(), index.size());
      index.forEach(items);
      index = items.load(0, config);
    }
  }

  private static void requireOwned(ShardSpec spec, long itemId) {
    if (!spec.owns(itemId)) {
      throw new IllegalArgumentException(
          "item " + itemId + " belongs to shard " + ShardSpec.of(itemId, spec.shardCount())
              + ", not " + spec);
    }
  }

  @Override
  public boolean remove(long itemId, long[] code, int offset) {
    return index.remove(itemId, code, offset);
  }

  @Override
  public void compact() {
    index.compact();
  }

  @Override
  public void rangeSearch(long[] query, int offset, int radius, MatchSink sink) {
    index.rangeSearch(query, offset, radius, sink);
  }

  @Override
  public void nearest(long[] query, int offset, int k, Matches out) {
    index.nearest(query, offset, k, out);
  }

  @Override
  public void forEach(ItemVisitor visitor) {
    index.forEach(visitor);
  }

  @Override
  public long estimatedFootprintBytes() {
    return 32 + index.estimatedFootprintBytes();
  }

  /**
   * Splits this shard into its two {@linkplain ShardSpec#split() children}, each holding the items
   * it owns (this shard is left unchanged). Allocates a copy of every item.
   */
  public IndexShard[] split() {
    ShardSpec[] children = spec.split();
    ItemRun[] runs = {
      new ItemRun(codeLength(), size() / 2 + 1), new ItemRun(codeLength(), size() / 2 + 1)
    };
    index.forEach(
        (id, words, offset) -> runs[children[0].owns(id) ? 0 : 1].visit(id, words, offset));
    return new IndexShard[] {
      load(modelVersion, children[0], config, runs[0]),
      load(modelVersion, children[1], config, runs[1])
    };
  }

  /**
   * Merges two sibling shards of one model version and code length into their parent (the
   * arguments are left unchanged). Allocates a copy of every item.
   *
   * @throws IllegalArgumentException if they are not siblings of one version and length
   */
  public static IndexShard merge(IndexShard a, IndexShard b) {
    if (!a.spec.isSiblingOf(b.spec)
        || a.modelVersion != b.modelVersion
        || a.codeLength() != b.codeLength()) {
      throw new IllegalArgumentException(
          "cannot merge " + a.spec + " v" + a.modelVersion + " " + a.codeLength() + " with "
              + b.spec + " v" + b.modelVersion + " " + b.codeLength());
    }
    ItemRun items = new ItemRun(a.codeLength(), a.size() + b.size());
    a.forEach(items);
    b.forEach(items);
    return load(a.modelVersion, a.spec.parent(), a.config, items);
  }

  @Override
  public String toString() {
    return "IndexShard[" + spec + ", v" + modelVersion + ", " + codeLength() + ", " + size()
        + " items, " + (isPromoted() ? "multi-index hashing" : "scan") + "]";
  }
}
