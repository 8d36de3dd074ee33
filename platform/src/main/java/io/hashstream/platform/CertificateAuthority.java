package io.hashstream.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A private certificate authority made on the spot, for the embedded platform's TLS listeners: an
 * EC P-256 CA certificate, and server certificates it signs for loopback ({@code 127.0.0.1},
 * {@code localhost}), written as PKCS12 key and trust stores. Nothing is downloaded and no tool is
 * run: the certificates are encoded here ({@link Der}) and signed with the JDK's ECDSA.
 *
 * <p>For tests and one-machine setups only: the CA's private key lives in memory and dies with
 * it, so nothing but the stores it wrote can ever be trusted by it. Production brings its own PKI.
 */
public final class CertificateAuthority {
  private static final String EC_CURVE = "secp256r1";
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final String ECDSA_SHA256_OID = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME_OID = "2.5.4.3";
  private static final String BASIC_CONSTRAINTS_OID = "2.5.29.19";
  private static final String SUBJECT_ALT_NAME_OID = "2.5.29.17";

  private final SecureRandom random = new SecureRandom();
  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Duration validity;

  /** A server's key and certificate (the chain ends in this CA). */
  public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate ca) {}

  private CertificateAuthority(String name, Duration validity) {
    this.name = name;
    this.validity = validity;
    this.keys = newKeyPair();
    this.certificate = sign(name, keys.getPublic().getEncoded(), true, List.of(), List.of());
  }

  /**
   * A new CA.
   *
   * @param name its common name
   * @param validity how long it and what it signs are valid (from a minute ago)
   * @return the CA
   */
  public static CertificateAuthority generate(String name, Duration validity) {
    return new CertificateAuthority(name, validity);
  }

  /** The CA's own certificate: what clients trust. */
  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * A server certificate for loopback.
   *
   * @param commonName the subject's common name
   * @return the key, the certificate (subject alternative names {@code 127.0.0.1}, {@code ::1} and
   *     {@code localhost}) and this CA
   */
  public Issued issueForLoopback(String commonName) {
    KeyPair server = newKeyPair();
    X509Certificate cert = sign(commonName, server.getPublic().getEncoded(), false,
        List.of("127.0.0.1", "::1"), List.of("localhost"));
    return new Issued(server.getPrivate(), cert, certificate);
  }

  /**
   * Writes a PKCS12 key store with {@code issued}'s key and chain under alias {@code server}.
   *
   * @param file where (replaced)
   * @param issued what goes in
   * @param password the store's and the key's password
   * @return {@code file}
   */
  public static Path writeKeyStore(Path file, Issued issued, char[] password) {
    return write(file, password, store -> store.setKeyEntry(
        "server", issued.key(), password, new X509Certificate[] {issued.certificate(), issued.ca()}));
  }

  /**
   * Writes a PKCS12 trust store holding this CA's certificate under alias {@code ca}.
   *
   * @param file where (replaced)
   * @param password the store's password
   * @return {@code file}
   */
  public Path writeTrustStore(Path file, char[] password) {
    return write(file, password, store -> store.setCertificateEntry("ca", certificate));
  }

  private interface StoreFiller {
    void fill(KeyStore store) throws GeneralSecurityException;
  }

  private static Path write(Path file, char[] password, StoreFiller filler) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      filler.fill(store);
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build key store " + file, e);
    }
  }

  private X509Certificate sign(
      String subject, byte[] subjectPublicKeyInfo, boolean ca, List<String> ips, List<String> dnsNames) {
    ZonedDateTime from = ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0);
    byte[] algorithm = Der.sequence(Der.oid(ECDSA_SHA256_OID));
    List<byte[]> extensions = new ArrayList<>();
    if (ca) {
      extensions.add(Der.sequence(Der.oid(BASIC_CONSTRAINTS_OID), Der.bool(true),
          Der.octets(Der.sequence(Der.bool(true)))));
    }
    if (!ips.isEmpty() || !dnsNames.isEmpty()) {
      List<byte[]> names = new ArrayList<>();
      for (String ip : ips) {
        names.add(Der.implicit(7, addressBytes(ip)));
      }
      for (String dns : dnsNames) {
        names.add(Der.implicit(2, dns.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      }
      extensions.add(Der.sequence(Der.oid(SUBJECT_ALT_NAME_OID),
          Der.octets(Der.sequence(names.toArray(byte[][]::new)))));
    }
    byte[] tbs = Der.sequence(
        Der.explicit(0, Der.integer(BigInteger.valueOf(2))), // v3
        Der.integer(new BigInteger(63, random).add(BigInteger.ONE)),
        algorithm,
        name(name),
        Der.sequence(Der.utcTime(from), Der.utcTime(from.plus(validity))),
        name(subject),
        subjectPublicKeyInfo,
        Der.explicit(3, Der.sequence(extensions.toArray(byte[][]::new))));
    try {
      Signature signer = Signature.getInstance(SIGNATURE);
      signer.initSign(keys.getPrivate(), random);
      signer.update(tbs);
      byte[] der = Der.sequence(tbs, algorithm, Der.bits(signer.sign()));
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a certificate for " + subject, e);
    }
  }

  private static byte[] name(String commonName) {
    return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME_OID), Der.utf8(commonName))));
  }

  private static byte[] addressBytes(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress(); // a literal: no look-up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + ip, e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(EC_CURVE));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available in this JDK", e);
    }
  }
}
