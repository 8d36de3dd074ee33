package io.hashstream.alerts.http;

import io.hashstream.alerts.topology.TenantKeys;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** {@link LocalStores} and {@link Routing} over a running {@link KafkaStreams} instance. */
public final class StreamsQueries implements LocalStores, Routing {
  private final KafkaStreams streams;
  private final HostInfo self;

  public StreamsQueries(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public <V> ReadOnlyKeyValueStore<String, V> keyValueStore(String name) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  @Override
  public <V> ReadOnlyWindowStore<String, V> windowStore(String name) {
    return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>windowStore()));
  }

  @Override
  public HostInfo self() {
    return self;
  }

  @Override
  public HostInfo ownerOf(String store, String key, boolean byTenant) {
    KeyQueryMetadata metadata =
        byTenant
            ? streams.queryMetadataForKey(store, key, TenantKeys.partitioner())
            : streams.queryMetadataForKey(store, key, Serdes.String().serializer());
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      return null;
    }
    return metadata.activeHost();
  }

  @Override
  public List<HostInfo> instancesOf(String store) {
    return streams.streamsMetadataForStore(store).stream().map(StreamsMetadata::hostInfo).distinct().toList();
  }
}
