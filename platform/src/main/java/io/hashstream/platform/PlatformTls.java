package io.hashstream.platform;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The TLS files of a secured platform, made at start in {@code <data dir>/tls}: a key store with
 * the broker's and the registry gateway's key and certificate (signed by a new {@link
 * CertificateAuthority}), and a trust store with that CA for clients. Passwords are random.
 *
 * @param keyStore PKCS12, alias {@code server}
 * @param keyStorePassword its (and its key's) password
 * @param trustStore PKCS12, alias {@code ca}
 * @param trustStorePassword its password
 */
public record PlatformTls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {

  /** How long the generated certificates are valid. */
  static final Duration VALIDITY = Duration.ofDays(30);

  /** Generates a CA, a loopback server certificate and both stores in {@code dir}. */
  static PlatformTls generate(Path dir) {
    CertificateAuthority ca = CertificateAuthority.generate("hashstream platform test CA", VALIDITY);
    String keyPassword = PlatformSecurity.randomSecret();
    String trustPassword = PlatformSecurity.randomSecret();
    Path keyStore = CertificateAuthority.writeKeyStore(
        dir.resolve("server.p12"), ca.issueForLoopback(PlatformConfig.HOST), keyPassword.toCharArray());
    Path trustStore = ca.writeTrustStore(dir.resolve("truststore.p12"), trustPassword.toCharArray());
    return new PlatformTls(keyStore, keyPassword, trustStore, trustPassword);
  }
}
