package io.hashstream.it.platform;

import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.platform.PlatformSecurity;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded platform (Kafka + schema registry, free ports, temporary data) shared by every
 * integration test class in the JVM, started on first use and stopped when the run ends. Tests keep
 * out of each other's way with their own topics, groups and transactional ids. {@link #secured()}
 * is another shared platform, with a SASL_SSL listener (SCRAM-SHA-512) and an https registry.
 *
 * <pre>{@code
 * @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();
 * ... PLATFORM.get().bootstrapServers() ...
 * }</pre>
 */
public final class PlatformExtension implements org.junit.jupiter.api.extension.BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PlatformExtension.class);

  private final String key;
  private final PlatformConfig config;
  private EmbeddedPlatform platform;

  /** The plaintext platform. */
  public PlatformExtension() {
    this("platform", PlatformConfig.ephemeral());
  }

  private PlatformExtension(String key, PlatformConfig config) {
    this.key = key;
    this.config = config;
  }

  /** The secured platform: SASL_SSL with SCRAM-SHA-512, users admin and hashstream. */
  public static PlatformExtension secured() {
    return new PlatformExtension("secured-platform",
        PlatformConfig.ephemeral().withSecurity(PlatformSecurity.saslSsl("SCRAM-SHA-512")));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
    platform =
        root.getOrComputeIfAbsent(
                key, k -> new Running(EmbeddedPlatform.start(config)), Running.class)
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
