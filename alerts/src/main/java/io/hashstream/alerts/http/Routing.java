package io.hashstream.alerts.http;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance holds a key, from Kafka Streams' metadata (every instance advertises its HTTP
 * address as {@code application.server}).
 */
public interface Routing {

  /** This instance's advertised address. */
  HostInfo self();

  /**
   * The instance whose active task holds {@code key} in {@code store}, or null while that is not
   * known (rebalancing).
   *
   * @param byTenant whether the store is partitioned by the key's tenant ({@link
   *     io.hashstream.alerts.topology.TenantKeys#partitioner()}) or by the whole key
   */
  HostInfo ownerOf(String store, String key, boolean byTenant);

  /** Every instance that holds part of {@code store}. */
  List<HostInfo> instancesOf(String store);

  /** A single instance that owns everything: for tests and one-instance tools. */
  static Routing single(HostInfo self) {
    return new Routing() {
      @Override
      public HostInfo self() {
        return self;
      }

      @Override
      public HostInfo ownerOf(String store, String key, boolean byTenant) {
        return self;
      }

      @Override
      public List<HostInfo> instancesOf(String store) {
        return List.of(self);
      }
    };
  }
}
