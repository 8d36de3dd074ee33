package io.hashstream.alerts.testing;

import io.hashstream.alerts.config.AlertsConfig;
import io.hashstream.alerts.config.RulesConfig;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded platform (Kafka + registry, free ports, temporary data) for every integration test
 * class of this module's failsafe JVM, started on first use and stopped when the run ends. Tests
 * keep apart with their own tenants and application ids.
 */
public final class SharedPlatform implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SharedPlatform.class);

  private EmbeddedPlatform platform;

  @Override
  public void beforeAll(ExtensionContext context) {
    platform =
        context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                "platform", k -> new Running(EmbeddedPlatform.start(PlatformConfig.ephemeral())), Running.class)
            .platform();
  }

  /**
   * The service's configuration on {@code platform}: any free HTTP port, and settings under which a
   * second instance takes its share of the tasks at once and a dead one is noticed within seconds.
   */
  public static AlertsConfig serviceConfig(EmbeddedPlatform platform, String applicationId, Path stateDir) {
    return new AlertsConfig(
        applicationId, platform.bootstrapServers(), platform.registryUrl(), stateDir, 0,
        AlertsConfig.DEFAULT_COMMIT_INTERVAL, 1,
        // a new instance with little state counts as caught up, so tasks balance at once
        Map.of(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, "1000000",
            StreamsConfig.consumerPrefix("session.timeout.ms"), "10000"),
        RulesConfig.defaults());
  }

  public EmbeddedPlatform get() {
    if (platform == null) {
      throw new IllegalStateException("register with @RegisterExtension on a static field");
    }
    return platform;
  }

  private record Running(EmbeddedPlatform platform)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      platform.close();
    }
  }
}
