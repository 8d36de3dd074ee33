package io.hashstream.bank;

import io.hashstream.code.CodeLength;
import io.hashstream.index.IndexShard;
import io.hashstream.index.MultiIndexHashConfig;
import io.hashstream.index.ShardSpec;
import io.hashstream.index.result.Matches;
import io.hashstream.model.ModelVersion;
import io.hashstream.pdq.PdqHash;
import io.hashstream.pdq.PdqHits;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Exact search over bank entries (signals of known content, shared by every tenant): one 256-bit
 * index of PDQ hashes, and one index per CroVCA model version (a code is only ever compared with
 * codes of its own version). Entries are identified by a 64-bit id; the caller keeps the entry's
 * signal, which {@link #removePdq} and {@link #removeCode} need (the indexes keep no id-to-code
 * map: that would cost 16 more bytes per entry).
 *
 * <p><b>PDQ.</b> An {@link IndexShard}: a scan up to {@value IndexShard#PROMOTION_SIZE} entries,
 * then multi-index hashing with {@value #PDQ_SUBSTRINGS} substrings of 18 or 19 bits: at radius 31
 * that measured fastest of 8, 10, 12, 14 and 16 at 1M and at 5M entries (BENCHMARKS.md, "Banks").
 * A query is the upload's hash in its eight rotations/flips (or the original only); each entry is
 * reported once, with its smallest distance and the variant that gave it. Exact: the answer is the
 * brute-force answer at every radius.
 *
 * <p><b>Cost.</b> About 96 bytes per PDQ entry on the heap ({@link #estimatedFootprintBytes()}): the
 * hash and id (40) and an {@code int} posting in 13 tables. A 31-bit range search over n uniform
 * hashes costs about 0.3 ms at 1M and 0.7 ms at 5M per variant on the benchmark machine (the probe
 * count of multi-index hashing at 12% of the bits is the floor); BENCHMARKS.md has the figures.
 * Inserts are amortised O(tables); {@link #compact()} rebuilds each index into one segment, which a
 * bank that has stopped changing should get once.
 *
 * <p><b>Threads.</b> Single-writer, not synchronised, like the indexes it holds.
 */
public final class BankIndex {
  /** Substrings (tables) of the PDQ index once it is large. */
  public static final int PDQ_SUBSTRINGS = 14;

  /** The multi-index hashing configuration of the PDQ index. */
  public static final MultiIndexHashConfig PDQ_CONFIG =
      MultiIndexHashConfig.DEFAULT.withSubstringCount(PDQ_SUBSTRINGS);

  private static final long PDQ_STAMP = ModelVersion.of("pdq").stamp();

  private IndexShard pdq = new IndexShard(PdqHash.CODE_LENGTH, PDQ_STAMP, ShardSpec.WHOLE, PDQ_CONFIG);
  private final Map<String, IndexShard> codes = new HashMap<>();

  /** Adds a PDQ entry ({@code hash[offset..offset + 3]}). */
  public void addPdq(long entryId, long[] hash, int offset) {
    pdq.insert(entryId, hash, offset);
  }

  /** Removes a PDQ entry; its hash must be the one it was added with. Returns whether it was found. */
  public boolean removePdq(long entryId, long[] hash, int offset) {
    return pdq.remove(entryId, hash, offset);
  }

  /** Adds a CroVCA entry: a code of {@code length} under {@code modelVersion}. */
  public void addCode(String modelVersion, CodeLength length, long entryId, long[] code, int offset) {
    IndexShard shard = codes.computeIfAbsent(modelVersion,
        v -> new IndexShard(length, ModelVersion.of(v).stamp(), ShardSpec.WHOLE));
    if (shard.codeLength() != length) {
      throw new IllegalArgumentException("model version " + modelVersion + " has "
          + shard.codeLength() + " codes, not " + length);
    }
    shard.insert(entryId, code, offset);
  }

  /** Removes a CroVCA entry; returns whether it was found. */
  public boolean removeCode(String modelVersion, long entryId, long[] code, int offset) {
    IndexShard shard = codes.get(modelVersion);
    if (shard == null || !shard.remove(entryId, code, offset)) {
      return false;
    }
    if (shard.size() == 0) {
      codes.remove(modelVersion);
    }
    return true;
  }

  /**
   * PDQ entries within {@code radius} of any of the query's variants.
   *
   * @param variants one or more hashes, {@link PdqHits#WORDS} longs each (see {@link PdqHits})
   */
  public PdqHits searchPdq(long[] variants, int radius) {
    return PdqHits.search(pdq, variants, radius);
  }

  /**
   * CroVCA entries of {@code modelVersion} within {@code radius} of {@code code}, nearest first;
   * none if the bank holds no code of that version.
   */
  public Matches searchCode(String modelVersion, long[] code, int radius) {
    Matches out = new Matches();
    IndexShard shard = codes.get(modelVersion);
    if (shard != null) {
      shard.requireModelVersion(ModelVersion.of(modelVersion).stamp());
      shard.rangeSearch(code, 0, radius, out);
      out.sort();
    }
    return out;
  }

  /** PDQ entries held. */
  public int pdqSize() {
    return pdq.size();
  }

  /** CroVCA entries held, over every model version. */
  public long codeSize() {
    long n = 0;
    for (IndexShard s : codes.values()) {
      n += s.size();
    }
    return n;
  }

  /** The model versions some CroVCA entry belongs to. */
  public Set<String> modelVersions() {
    return Set.copyOf(codes.keySet());
  }

  /** Rebuilds every index into one tombstone-free segment (O(n · tables)). */
  public void compact() {
    pdq.compact();
    codes.values().forEach(IndexShard::compact);
  }

  /** Bytes on the heap, as {@link IndexShard#estimatedFootprintBytes()} counts them. */
  public long estimatedFootprintBytes() {
    long bytes = 64 + pdq.estimatedFootprintBytes();
    for (IndexShard s : codes.values()) {
      bytes += 64 + s.estimatedFootprintBytes();
    }
    return bytes;
  }
}
