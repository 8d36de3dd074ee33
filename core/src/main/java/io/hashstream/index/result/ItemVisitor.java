package io.hashstream.index.result;

/**
 * Receives the live items of an index, one call per item (see {@link
 * io.hashstream.index.HammingIndex#forEach}).
 *
 * <p>The code is lent, not copied: read {@code codeWords[offset .. offset + words)} during the call
 * and copy what must outlive it. A visitor must not modify the index it visits.
 */
@FunctionalInterface
public interface ItemVisitor {
  /** Receives one item: its id and its packed code at {@code codeWords[offset]}. */
  void visit(long itemId, long[] codeWords, int offset);
}
