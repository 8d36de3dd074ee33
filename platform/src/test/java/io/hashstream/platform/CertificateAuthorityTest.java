package io.hashstream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated CA's certificates are valid X.509 the JDK checks, and carry TLS for loopback. */
class CertificateAuthorityTest {
  @TempDir Path dir;

  @Test
  void aServerCertificateChainsToTheCaAndNamesLoopback() throws Exception {
    CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(1));
    CertificateAuthority.Issued issued = ca.issueForLoopback("127.0.0.1");

    X509Certificate server = issued.certificate();
    assertThat(ca.certificate().getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
        .contains("127.0.0.1", "localhost");
    server.verify(ca.certificate().getPublicKey());
    server.checkValidity();

    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX").validate(
        CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), params);
  }

  @Test
  void aTlsHandshakeWithHostnameCheckingSucceedsWithTheTrustStoreOnly() throws Exception {
    PlatformTls tls = PlatformTls.generate(dir);

    assertThat(handshake(tls, tls.trustStore(), tls.trustStorePassword())).isEqualTo("ok");
  }

  @Test
  void anotherCasTrustStoreFailsTheHandshake() {
    PlatformTls tls = PlatformTls.generate(dir.resolve("a"));
    PlatformTls other = PlatformTls.generate(dir.resolve("b"));

    assertThatThrownBy(() -> handshake(tls, other.trustStore(), other.trustStorePassword()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  /** Serves one TLS connection with the platform's key store; a client checks the host name. */
  private static String handshake(PlatformTls tls, Path trustStore, String trustPassword) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(trustStore)) {
      trust.load(in, trustPassword.toCharArray());
    }
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.SSLContext client = javax.net.ssl.SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    try (SSLServerSocket server = (SSLServerSocket) RegistryGateway.sslContext(tls)
        .getServerSocketFactory().createServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
        try (SSLSocket s = (SSLSocket) server.accept(); OutputStream out = s.getOutputStream()) {
          out.write('k');
        } catch (Exception e) {
          // the client's failure is what the test asserts
        }
      });
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
          .createSocket("127.0.0.1", server.getLocalPort())) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        int b = socket.getInputStream().read();
        served.join();
        return b == 'k' ? "ok" : "read " + b;
      }
    }
  }
}
