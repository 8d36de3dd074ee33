package io.hashstream.it.platform;

import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded platform (Kafka + schema registry, free ports, temporary data) shared by every
 * integration test class in the JVM, started on first use and stopped when the run ends. Tests keep
 * out of each other's way with their own topics, groups and transactional ids.
 *
 * <pre>{@code
 * @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();
 * ... PLATFORM.get().bootstrapServers() ...
 * }</pre>
 */
public final class PlatformExtension implements org.junit.jupiter.api.extension.BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PlatformExtension.class);

  private EmbeddedPlatform platform;

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
    platform =
        root.getOrComputeIfAbsent(
                "platform", key -> new Running(EmbeddedPlatform.start(PlatformConfig.ephemeral())),
                Running.class)
            .platform();
  }

  public EmbeddedPlatform get() {
    if (platform == null) {
      throw new IllegalStateException("register the extension with @RegisterExtension on a static field");
    }
    return platform;
  }

  /** Closed by JUnit when the root context closes, at the end of the run. */
  private record Running(EmbeddedPlatform platform)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      platform.close();
    }
  }
}
