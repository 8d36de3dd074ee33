package io.hashstream.platform;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether the embedded platform authenticates and encrypts, and who may connect.
 *
 * <p>{@link #off()} (the default of {@code ./hashstream platform}, the demo and most tests): a
 * plaintext Kafka listener and an http registry, both on 127.0.0.1 only. {@link #saslSsl}: the
 * broker's only client listener is {@code SASL_SSL} (the mechanism's users below; the platform's
 * own admin client is {@link #ADMIN}), and the registry is reached through an https gateway that
 * asks the same users for basic auth. A CA and the stores are generated at start ({@link
 * CertificateAuthority}).
 *
 * @param enabled whether the listeners are secured
 * @param mechanism {@code SCRAM-SHA-512} (users bootstrapped into the cluster metadata), {@code
 *     SCRAM-SHA-256} or {@code PLAIN} (users in the broker's JAAS configuration)
 * @param users user name to password; always holds {@link #ADMIN} when enabled
 */
public record PlatformSecurity(boolean enabled, String mechanism, Map<String, String> users) {

  /** The platform's own user (topics, schemas, the broker's connections to itself). */
  public static final String ADMIN = "admin";

  /** The user clients get by default ({@link EmbeddedPlatform#clientConnection()}). */
  public static final String CLIENT = "hashstream";

  private static final Set<String> MECHANISMS = Set.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

  /** Checks the parts. */
  public PlatformSecurity {
    users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
    if (enabled) {
      if (!MECHANISMS.contains(mechanism)) {
        throw new IllegalArgumentException("mechanism must be one of " + MECHANISMS + ", was " + mechanism);
      }
      if (!users.containsKey(ADMIN)) {
        throw new IllegalArgumentException("the users must include '" + ADMIN + "'");
      }
      users.forEach((name, password) -> {
        if (!name.matches("[A-Za-z0-9._-]{1,64}") || password == null
            || !password.matches("[A-Za-z0-9._~+/-]{8,128}")) {
          throw new IllegalArgumentException("user '" + name + "': names are [A-Za-z0-9._-]{1,64},"
              + " passwords 8..128 of [A-Za-z0-9._~+/-]");
        }
      });
    }
  }

  /** No security: plaintext on loopback. */
  public static PlatformSecurity off() {
    return new PlatformSecurity(false, "", Map.of());
  }

  /**
   * SASL_SSL with {@code mechanism}, users {@link #ADMIN} and {@link #CLIENT} with new random
   * passwords.
   */
  public static PlatformSecurity saslSsl(String mechanism) {
    Map<String, String> users = new LinkedHashMap<>();
    users.put(ADMIN, randomSecret());
    users.put(CLIENT, randomSecret());
    return new PlatformSecurity(true, mechanism, users);
  }

  /** The same with one more user (or a new password). */
  public PlatformSecurity withUser(String name, String password) {
    Map<String, String> more = new LinkedHashMap<>(users);
    more.put(name, password);
    return new PlatformSecurity(enabled, mechanism, more);
  }

  /** Whether users are SCRAM credentials (bootstrapped into the metadata log when formatting). */
  boolean scram() {
    return mechanism.startsWith("SCRAM-");
  }

  /** The password of a user. */
  String password(String user) {
    String p = users.get(user);
    if (p == null) {
      throw new IllegalArgumentException("no platform user '" + user + "'; users: " + users.keySet());
    }
    return p;
  }

  /** A random 24-character secret (144 bits), URL-safe base64. */
  static String randomSecret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return enabled ? "SASL_SSL/" + mechanism + " users " + users.keySet() : "off";
  }
}
