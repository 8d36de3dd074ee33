package io.hashstream.alerts.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The keys of the moderation service: {@code tenant/id} (the convention of {@link
 * io.hashstream.schemas.Topic}), or a bare {@code tenant}, and the partitioner that places every
 * key of one tenant in one partition.
 *
 * <p>Clustering needs one view of a tenant's clusters, so everything the moderation sub-topology
 * keeps (verdicts, matches, clusters, flood state, recent actions) is partitioned by tenant alone:
 * one tenant is served by one task. The HTTP layer finds a key's instance with the same {@link
 * #partitioner()}, so a look-up of {@code tenant/imageId} goes where that tenant's state lives.
 */
public final class TenantKeys {
  /** Separates the tenant from the id; a tenant never contains it. */
  public static final char SEPARATOR = '/';

  private TenantKeys() {}

  /** Partitions by the tenant part of a key: murmur2 of its UTF-8 bytes, as Kafka's default does. */
  public static <V> StreamPartitioner<String, V> partitioner() {
    return (topic, key, value, numPartitions) ->
        Optional.of(Set.of(partitionOf(tenantOf(key), numPartitions)));
  }

  /** {@code tenant/id}. */
  public static String key(String tenant, String id) {
    return tenant + SEPARATOR + id;
  }

  /** The tenant part of {@code tenant/id}, or the whole key if it has no separator. */
  public static String tenantOf(String key) {
    int slash = key.indexOf(SEPARATOR);
    return slash < 0 ? key : key.substring(0, slash);
  }

  /** The id part of {@code tenant/id}, or null if the key has no separator. */
  public static String idOf(String key) {
    int slash = key.indexOf(SEPARATOR);
    return slash < 0 ? null : key.substring(slash + 1);
  }

  /** The partition of {@code tenant} among {@code numPartitions}. */
  public static int partitionOf(String tenant, int numPartitions) {
    return Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % numPartitions;
  }

  /** Whether {@code tenant} can be the tenant part of a key: not empty, no separator. */
  public static boolean isValidTenant(String tenant) {
    return tenant != null && !tenant.isEmpty() && tenant.indexOf(SEPARATOR) < 0;
  }
}
