/**
 * What a search hands back: {@link io.hashstream.index.result.MatchSink} (one call per match),
 * {@link io.hashstream.index.result.Matches} (a reusable list of matches), {@link
 * io.hashstream.index.result.NearestMatches} (the bounded top-k heap the indexes fill for {@code
 * nearest}) and {@link io.hashstream.index.result.ItemVisitor} (one call per stored item).
 *
 * <p>These types sit below both {@code io.hashstream.index} and {@code io.hashstream.index.mih}
 * and depend on neither, so the multi-index hashing tables report into the same sinks the index
 * API takes without the two packages depending on each other. All are single-threaded.
 *
 * <pre>{@code
 * Matches hits = new Matches();                 // reuse across queries: allocates only to grow
 * index.rangeSearch(query, 0, 8, hits);         // one entry per item within 8 bits
 * hits.sort();                                  // by distance, then id
 * for (int i = 0; i < hits.size(); i++) { use(hits.id(i), hits.distance(i)); }
 * index.rangeSearch(query, 0, 8, (id, d) -> count[d]++);   // or any MatchSink
 * }</pre>
 */
package io.hashstream.index.result;
