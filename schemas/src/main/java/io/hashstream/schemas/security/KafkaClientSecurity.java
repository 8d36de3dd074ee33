package io.hashstream.schemas.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a client authenticates to Kafka and to the schema registry and encrypts its traffic: the one
 * place every hashstream client (the job, the moderation service, {@code publish}, the command
 * lines, the benchmarks, the demo) takes its security settings from. The keys are Kafka's and
 * Confluent's own, so an existing client properties file works unchanged:
 *
 * <pre>
 * security.protocol=SASL_SSL
 * sasl.mechanism=SCRAM-SHA-512
 * sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
 *     username="hashstream" password="...";
 * ssl.truststore.location=truststore.p12
 * ssl.truststore.password=...
 * # the schema registry (Confluent's keys): basic auth and the CA it trusts
 * basic.auth.credentials.source=USER_INFO
 * basic.auth.user.info=hashstream:...
 * schema.registry.ssl.truststore.location=truststore.p12
 * schema.registry.ssl.truststore.password=...
 * </pre>
 *
 * <p>Accepted keys: {@code security.protocol}, every {@code sasl.*} and {@code ssl.*} key (passed to
 * Kafka as they are), {@code basic.auth.credentials.source} (only {@code USER_INFO}), {@code
 * basic.auth.user.info} (or {@code schema.registry.basic.auth.user.info}) and {@code
 * schema.registry.ssl.truststore.location/password/type}. When the registry has no truststore of
 * its own it uses Kafka's ({@code ssl.truststore.*}): one private CA usually signs both. Anything
 * else is refused: other client settings belong to the client's own configuration.
 *
 * <p>Checked when built: a known protocol; SASL needs {@code sasl.mechanism} and {@code
 * sasl.jaas.config}; {@code basic.auth.user.info} is {@code user:password}. Immutable and
 * serializable (the job ships it to its TaskManagers); {@link #toString()} never shows a secret.
 */
public final class KafkaClientSecurity implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Kafka's {@code security.protocol}. */
  public static final String PROTOCOL = "security.protocol";

  /** Kafka's {@code sasl.mechanism}. */
  public static final String SASL_MECHANISM = "sasl.mechanism";

  /** Kafka's {@code sasl.jaas.config}. */
  public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";

  /** Kafka's {@code ssl.truststore.location}. */
  public static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";

  /** Kafka's {@code ssl.truststore.password}. */
  public static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";

  /** Kafka's {@code ssl.truststore.type}. */
  public static final String TRUSTSTORE_TYPE = "ssl.truststore.type";

  /** Kafka's {@code ssl.keystore.location} (a client certificate, for mutual TLS). */
  public static final String KEYSTORE_LOCATION = "ssl.keystore.location";

  /** Confluent's {@code basic.auth.credentials.source}: only {@code USER_INFO} is supported. */
  public static final String REGISTRY_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Confluent's {@code basic.auth.user.info}: {@code user:password} for the registry. */
  public static final String REGISTRY_USER_INFO = "basic.auth.user.info";

  /** The same, under the prefix Confluent's clients also accept. */
  public static final String REGISTRY_USER_INFO_PREFIXED = "schema.registry.basic.auth.user.info";

  /** The truststore the registry client trusts (Confluent's key). */
  public static final String REGISTRY_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  /** Its password. */
  public static final String REGISTRY_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  /** Its type (default PKCS12). */
  public static final String REGISTRY_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** SASL mechanisms that take a user name and password in {@code sasl.jaas.config}. */
  private static final Set<String> PASSWORD_MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  /** Keys whose values are files, resolved against the directory of the file they are read from. */
  private static final Set<String> FILE_KEYS =
      Set.of(TRUSTSTORE_LOCATION, KEYSTORE_LOCATION, REGISTRY_TRUSTSTORE_LOCATION);

  private static final Set<String> REGISTRY_KEYS =
      Set.of(REGISTRY_CREDENTIALS_SOURCE, REGISTRY_USER_INFO, REGISTRY_USER_INFO_PREFIXED,
          REGISTRY_TRUSTSTORE_LOCATION, REGISTRY_TRUSTSTORE_PASSWORD, REGISTRY_TRUSTSTORE_TYPE);

  private static final KafkaClientSecurity NONE = new KafkaClientSecurity(new TreeMap<>());

  /** Kafka's security protocols. */
  public enum Protocol {
    /** No encryption, no authentication: for one machine only. */
    PLAINTEXT,
    /** TLS; authentication only with a client certificate. */
    SSL,
    /** SASL authentication, no encryption: passwords travel in clear. */
    SASL_PLAINTEXT,
    /** SASL authentication over TLS: what a shared network needs. */
    SASL_SSL;

    /** Whether traffic is encrypted. */
    public boolean encrypted() {
      return this == SSL || this == SASL_SSL;
    }

    /** Whether the client authenticates with SASL. */
    public boolean sasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }
  }

  private final TreeMap<String, String> settings;
  private final Protocol protocol;

  private KafkaClientSecurity(TreeMap<String, String> settings) {
    this.settings = settings;
    this.protocol = protocolOf(settings.getOrDefault(PROTOCOL, Protocol.PLAINTEXT.name()));
    if (protocol.sasl()) {
      String mechanism = settings.get(SASL_MECHANISM);
      if (mechanism == null || mechanism.isBlank()) {
        throw new IllegalArgumentException(
            PROTOCOL + "=" + protocol + " needs " + SASL_MECHANISM + " (SCRAM-SHA-512, PLAIN, ...)");
      }
      if (PASSWORD_MECHANISMS.contains(mechanism) && !settings.containsKey(SASL_JAAS_CONFIG)) {
        throw new IllegalArgumentException(
            SASL_MECHANISM + "=" + mechanism + " needs " + SASL_JAAS_CONFIG
                + " with the user name and password");
      }
    }
    String source = settings.get(REGISTRY_CREDENTIALS_SOURCE);
    if (source != null && !source.equals("USER_INFO")) {
      throw new IllegalArgumentException(
          REGISTRY_CREDENTIALS_SOURCE + " must be USER_INFO (the only source supported), got " + source);
    }
    String userInfo = registryUserInfoOf(settings);
    if (userInfo != null && userInfo.indexOf(':') <= 0) {
      throw new IllegalArgumentException(REGISTRY_USER_INFO + " must be user:password");
    }
  }

  /** No security: plaintext Kafka, no registry credentials (the embedded platform's default). */
  public static KafkaClientSecurity none() {
    return NONE;
  }

  /**
   * Security settings from their standard keys.
   *
   * @param settings only security keys (see the class comment); values are read as strings
   * @return the settings
   * @throws IllegalArgumentException naming an unknown key or an incomplete setting
   */
  public static KafkaClientSecurity of(Map<String, ?> settings) {
    TreeMap<String, String> map = new TreeMap<>();
    settings.forEach(
        (key, value) -> {
          if (!isSecurityKey(key)) {
            throw new IllegalArgumentException(
                "'" + key + "' is not a client security setting; accepted: security.protocol,"
                    + " sasl.*, ssl.*, basic.auth.credentials.source, basic.auth.user.info,"
                    + " schema.registry.ssl.truststore.*");
          }
          if (value != null && !String.valueOf(value).isEmpty()) {
            map.put(key, String.valueOf(value).trim());
          }
        });
    return map.isEmpty() ? NONE : new KafkaClientSecurity(map);
  }

  /**
   * The security settings among a whole client configuration (what a Kafka serializer is
   * configured with): every security key is taken, everything else is left alone.
   *
   * @param clientConfig a Kafka client's configuration
   * @return the security part of it
   */
  public static KafkaClientSecurity within(Map<String, ?> clientConfig) {
    TreeMap<String, Object> picked = new TreeMap<>();
    clientConfig.forEach(
        (key, value) -> {
          if (isSecurityKey(key) && value != null) {
            picked.put(key, value instanceof org.apache.kafka.common.config.types.Password p
                ? p.value()
                : value);
          }
        });
    return of(picked);
  }

  /**
   * Reads a client security properties file. Relative store paths are resolved against the
   * file's directory.
   *
   * @param file a properties file of security keys only
   * @return the settings
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException as {@link #of}
   */
  public static KafkaClientSecurity load(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read client security settings " + file, e);
    }
    Map<String, String> values = new TreeMap<>();
    Path dir = file.toAbsolutePath().getParent();
    for (String key : p.stringPropertyNames()) {
      String value = p.getProperty(key).trim();
      values.put(key, FILE_KEYS.contains(key) && !value.isEmpty()
          ? dir.resolve(value).normalize().toString()
          : value);
    }
    try {
      return of(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * SASL over TLS with a user name and password.
   *
   * @param mechanism {@code SCRAM-SHA-512}, {@code SCRAM-SHA-256} or {@code PLAIN}
   * @param user the user
   * @param password the password
   * @param truststore a PKCS12 truststore with the CA that signed the broker's and the registry's
   *     certificates
   * @param truststorePassword its password
   * @return settings for Kafka (SASL_SSL) and the registry (basic auth with the same user, TLS)
   */
  public static KafkaClientSecurity saslSsl(
      String mechanism, String user, String password, Path truststore, String truststorePassword) {
    Map<String, String> s = new TreeMap<>();
    s.put(PROTOCOL, Protocol.SASL_SSL.name());
    s.put(SASL_MECHANISM, mechanism);
    s.put(SASL_JAAS_CONFIG, jaasConfig(mechanism, user, password));
    s.put(TRUSTSTORE_LOCATION, truststore.toAbsolutePath().toString());
    s.put(TRUSTSTORE_PASSWORD, truststorePassword);
    s.put(TRUSTSTORE_TYPE, "PKCS12");
    s.put(REGISTRY_CREDENTIALS_SOURCE, "USER_INFO");
    s.put(REGISTRY_USER_INFO, user + ":" + password);
    return of(s);
  }

  /**
   * The {@code sasl.jaas.config} line of a user.
   *
   * @param mechanism {@code PLAIN} or a SCRAM mechanism
   * @param user the user
   * @param password the password
   * @return the login module line
   */
  public static String jaasConfig(String mechanism, String user, String password) {
    String module = mechanism.equals("PLAIN")
        ? "org.apache.kafka.common.security.plain.PlainLoginModule"
        : "org.apache.kafka.common.security.scram.ScramLoginModule";
    return module + " required username=\"" + jaasEscape(user) + "\" password=\""
        + jaasEscape(password) + "\";";
  }

  /** The Kafka security protocol. */
  public Protocol protocol() {
    return protocol;
  }

  /** Whether Kafka traffic is authenticated or encrypted, or registry requests authenticated. */
  public boolean isSecured() {
    return protocol != Protocol.PLAINTEXT || registryUserInfoOf(settings) != null;
  }

  /** The settings for any Kafka client (producer, consumer, admin, Streams): put them all. */
  public Map<String, String> kafkaProperties() {
    TreeMap<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> {
      if (!REGISTRY_KEYS.contains(k)) {
        out.put(k, v);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** The registry settings under Confluent's keys, for a registry serde's configuration. */
  public Map<String, String> registryProperties() {
    TreeMap<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> {
      if (REGISTRY_KEYS.contains(k)) {
        out.put(k, v);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** Every setting: Kafka's and the registry's (a client with a registry serde takes them all). */
  public Map<String, String> properties() {
    return Collections.unmodifiableMap(settings);
  }

  /** The {@code Authorization} header value for the registry, if it takes basic auth. */
  public Optional<String> registryAuthorization() {
    String userInfo = registryUserInfoOf(settings);
    return userInfo == null
        ? Optional.empty()
        : Optional.of("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The TLS context of registry requests: trusting the registry's truststore (or Kafka's, when the
   * registry has none), or the JDK's default trust when neither is set.
   *
   * @return the context; never null
   * @throws IllegalStateException if the truststore cannot be read
   */
  public SSLContext registrySslContext() {
    String location = settings.getOrDefault(REGISTRY_TRUSTSTORE_LOCATION, settings.get(TRUSTSTORE_LOCATION));
    try {
      if (location == null) {
        return SSLContext.getDefault();
      }
      boolean own = settings.containsKey(REGISTRY_TRUSTSTORE_LOCATION);
      String password = settings.get(own ? REGISTRY_TRUSTSTORE_PASSWORD : TRUSTSTORE_PASSWORD);
      String type = settings.getOrDefault(own ? REGISTRY_TRUSTSTORE_TYPE : TRUSTSTORE_TYPE, "PKCS12");
      KeyStore store = KeyStore.getInstance(type);
      try (InputStream in = Files.newInputStream(Path.of(location))) {
        store.load(in, password == null ? null : password.toCharArray());
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read the registry's truststore " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes these settings as a client properties file (what {@code --client-config} reads).
   *
   * @param file where; created or replaced, readable by its owner only where the file system
   *     supports POSIX permissions
   */
  public void store(Path file) {
    Properties p = new Properties();
    p.putAll(settings);
    try {
      Files.deleteIfExists(file);
      try {
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(out, "hashstream client security settings (--client-config / client.config)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The protocol, mechanism, user and stores; passwords and JAAS lines masked. */
  @Override
  public String toString() {
    TreeMap<String, String> shown = new TreeMap<>();
    settings.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
    return "KafkaClientSecurity" + shown;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaClientSecurity other && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return settings.hashCode();
  }

  private static boolean isSecurityKey(String key) {
    return key.equals(PROTOCOL) || key.startsWith("sasl.") || key.startsWith("ssl.")
        || REGISTRY_KEYS.contains(key);
  }

  private static boolean isSecret(String key) {
    return key.contains("password") || key.equals(SASL_JAAS_CONFIG) || key.contains("user.info")
        || key.endsWith(".key") || key.contains("secret");
  }

  private static String registryUserInfoOf(Map<String, String> settings) {
    return settings.getOrDefault(REGISTRY_USER_INFO, settings.get(REGISTRY_USER_INFO_PREFIXED));
  }

  private static Protocol protocolOf(String text) {
    try {
      return Protocol.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PROTOCOL + " must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got '" + text + "'");
    }
  }

  private static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
