package io.hashstream.alerts.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class TenantKeysTest {

  @Test
  void everyKeyOfATenantGoesToTheTenantsPartitionAsKafkaWouldPlaceTheTenant() {
    for (String tenant : new String[] {"tenant-a", "tenant-b", "x", "tenant é"}) {
      int kafka = Utils.toPositive(Utils.murmur2(tenant.getBytes(StandardCharsets.UTF_8))) % 7;
      for (String key : new String[] {tenant, TenantKeys.key(tenant, "img"), TenantKeys.key(tenant, "a/b/c")}) {
        assertThat(TenantKeys.<Object>partitioner().partitions("t", key, null, 7)).contains(Set.of(kafka));
      }
    }
  }

  @Test
  void keysSplitAtTheFirstSeparator() {
    assertThat(TenantKeys.tenantOf("t/a/b")).isEqualTo("t");
    assertThat(TenantKeys.idOf("t/a/b")).isEqualTo("a/b");
    assertThat(TenantKeys.idOf("t")).isNull();
    assertThat(TenantKeys.isValidTenant("a/b")).isFalse();
    assertThat(TenantKeys.isValidTenant("")).isFalse();
  }
}
