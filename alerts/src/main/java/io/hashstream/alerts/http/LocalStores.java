package io.hashstream.alerts.http;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Read access to the stores of this instance (all its partitions). Backed by a running {@code
 * KafkaStreams} ({@link StreamsQueries}) or, in tests, by a {@code TopologyTestDriver}.
 *
 * <p>Both methods may throw {@link org.apache.kafka.streams.errors.InvalidStateStoreException}
 * while the instance is rebalancing or restoring; the HTTP layer answers 503 then.
 */
public interface LocalStores {

  <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name);

  <V> ReadOnlyWindowStore<String, V> windowStore(String name);
}
