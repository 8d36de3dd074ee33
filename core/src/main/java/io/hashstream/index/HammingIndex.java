package io.hashstream.index;

import io.hashstream.code.CodeLength;
import io.hashstream.index.result.ItemVisitor;
import io.hashstream.index.result.MatchSink;
import io.hashstream.index.result.Matches;

/**
 * A multiset of items, each an id ({@code long}) with a packed binary code of one {@link
 * CodeLength}, searchable by Hamming distance.
 *
 * <p><b>Exactness.</b> {@link #rangeSearch} reports exactly the set of live items a brute-force
 * scan would report (every item within the radius, once per stored copy), and {@link #nearest}
 * the first {@code k} of a brute-force ranking by (distance, id). There is no approximation, no
 * recall knob, in any implementation or at any radius.
 *
 * <p><b>Implementations.</b> {@link ScanIndex} (a linear scan; best for a few thousand items or
 * very wide radii), {@link MultiIndexHashIndex} (multi-index hashing, sublinear; falls back to
 * scanning per segment past its cost-model radius) and {@link IndexShard} (a scan that promotes
 * itself to multi-index hashing past {@link IndexShard#PROMOTION_SIZE} items, stamped with its
 * model version and the ids it owns; the streaming job holds one per tenant and model slot).
 * Costs, bytes per item and the fallback rule are stated on each.
 *
 * <p><b>Mutation.</b> Queries ({@code rangeSearch}, {@code nearest}, {@code forEach}, {@code size})
 * never mutate. {@code insert}, {@code remove} and {@code compact} do; each says what it allocates
 * and what happens to tombstones. An item is identified by its (id, code) pair: inserting the same
 * pair twice stores two copies, and {@code remove} removes one.
 *
 * <p><b>Threads.</b> Single-writer and not synchronised: one thread (in the streaming job, the
 * match subtask that owns the tenant) makes every call. Queries keep per-index scratch state, so
 * even two concurrent queries are unsafe. Sinks and visitors must not call back into the index.
 *
 * <p><b>Codes.</b> Every {@code long[] code, int offset} argument names {@link CodeLength#words()}
 * words starting at {@code offset}; one-word codes shorter than 64 bits must have their upper bits
 * clear, or the call throws {@link IllegalArgumentException}.
 */
public interface HammingIndex {
  /** Returns the length of the codes this index holds. */
  CodeLength codeLength();

  /** Returns the number of live items (tombstoned ones excluded). */
  int size();

  /** Adds an item. */
  void insert(long itemId, long[] code, int offset);

  /**
   * Removes one stored copy of the item with this id and exactly this code; returns whether one
   * was found. The index keeps no id-to-code map (it would cost 16 bytes per item), so the caller
   * supplies the code it inserted.
   */
  boolean remove(long itemId, long[] code, int offset);

  /** Drops tombstones and spare capacity, leaving the index in its most compact searchable form. */
  void compact();

  /**
   * Reports every live item within Hamming distance {@code radius} (inclusive) of the query to
   * {@code sink}, each stored copy once, in no particular order.
   *
   * @throws IllegalArgumentException if {@code radius} is negative
   */
  void rangeSearch(long[] query, int offset, int radius, MatchSink sink);

  /**
   * Writes the {@code k} live items nearest to the query into {@code out} (cleared first), sorted
   * by distance then id; fewer if the index holds fewer than {@code k}.
   *
   * @throws IllegalArgumentException if {@code k} is not positive
   */
  void nearest(long[] query, int offset, int k, Matches out);

  /** Visits every live item once, in no particular order. */
  void forEach(ItemVisitor visitor);

  /**
   * Returns the bytes this index holds on the heap: its arrays' lengths (capacity, not just size)
   * plus object headers, as a 64-bit JVM with compressed oops lays them out.
   */
  long estimatedFootprintBytes();
}
