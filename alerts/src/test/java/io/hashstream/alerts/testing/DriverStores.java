package io.hashstream.alerts.testing;

import io.hashstream.alerts.http.LocalStores;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** {@link LocalStores} over a {@link TopologyTestDriver}'s stores: the HTTP side without a broker. */
public record DriverStores(TopologyTestDriver driver) implements LocalStores {

  @Override
  public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
    return driver.getKeyValueStore(name);
  }

  @Override
  public <V> ReadOnlyWindowStore<String, V> windowStore(String name) {
    return driver.getWindowStore(name);
  }
}
