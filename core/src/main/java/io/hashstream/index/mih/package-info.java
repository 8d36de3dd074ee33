/**
 * The tables behind {@link io.hashstream.index.MultiIndexHashIndex}: how codes are cut into
 * substrings (package-private {@code TableLayout}) and the immutable compressed-sparse-row segment
 * that probes them ({@link io.hashstream.index.mih.Segment}). Not an API: use the index.
 *
 * <pre>{@code
 * // what MultiIndexHashIndex does when its buffer seals:
 * Segment segment = Segment.build(CodeLength.BITS_64, codes, ids, n, 0, true);
 * segment.rangeSearch(query, 0, radius, sink);   // stages 0..radius, or a scan past the fallback
 * segment.remove(id, code, 0);                   // tombstone
 * }</pre>
 */
package io.hashstream.index.mih;
