package io.hashstream.alerts.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Deletes the entries of a store that have expired: what bounds the key-value state in time. */
final class StorePurge {
  private StorePurge() {}

  /**
   * Deletes every entry whose value {@code expired} accepts; returns how many. Reads the whole
   * store once (keys are collected first: no deletes while the iterator is open).
   */
  static <V> int deleteWhere(KeyValueStore<String, V> store, Predicate<V> expired) {
    List<String> doomed = new ArrayList<>();
    try (KeyValueIterator<String, V> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, V> kv = all.next();
        if (expired.test(kv.value)) {
          doomed.add(kv.key);
        }
      }
    }
    doomed.forEach(store::delete);
    return doomed.size();
  }
}
