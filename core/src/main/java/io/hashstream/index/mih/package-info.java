/**
 * The tables behind {@link io.hashstream.index.MultiIndexHashIndex}: how codes are cut into
 * substrings (package-private {@code TableLayout}), the immutable compressed-sparse-row segment
 * that probes them and its cost model ({@link io.hashstream.index.mih.Segment}), and the per-index
 * probe scratch ({@link io.hashstream.index.mih.ProbeScratch}). Not an API: use the index.
 *
 * <p>Depends only on {@code io.hashstream.code} and the result types of {@code
 * io.hashstream.index.result}; {@code io.hashstream.index} depends on it, never the other way.
 *
 * <pre>{@code
 * // what MultiIndexHashIndex does when its buffer seals:
 * Segment segment = Segment.build(CodeLength.BITS_64, codes, ids, n, 0, true);
 * segment.rangeSearch(query, 0, radius, sink, scratch);  // stages 0..radius, or a scan
 * segment.remove(id, code, 0);                            // tombstone
 * }</pre>
 */
package io.hashstream.index.mih;
