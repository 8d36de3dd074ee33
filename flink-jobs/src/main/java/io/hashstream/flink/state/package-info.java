/**
 * How the streaming job keeps its state: the exact Hamming index per key in RocksDB keyed state.
 *
 * <pre>{@code
 * KeyedIndexState index = new KeyedIndexState("index-v1", CodeLength.BITS_64, modelVersion);
 * // open(): index.open(getRuntimeContext());
 * // processElement(): index.rangeSearch(key, code, radius, matches); index.insert(key, id, code);
 * }</pre>
 */
package io.hashstream.flink.state;
