package io.hashstream.alerts.http;

import io.hashstream.alerts.access.FailedAuthLimiter;
import io.hashstream.alerts.access.TokenFile;
import io.hashstream.alerts.config.HttpAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP side's security, ready to use: the tokens (or none), the server's TLS context (or plain
 * http), the TLS context look-ups are forwarded to other instances with (trusting the certificate
 * chain of this instance's own key store: every instance of a deployment serves a certificate of
 * the same CA), and the failed-authentication limiter. Built once at start; thread-safe.
 */
public final class ApiAccess {
  private final TokenFile tokens; // null: no tokens (loopback only)
  private final SSLContext server; // null: plain http
  private final SSLContext forwarding; // null: plain http
  private final FailedAuthLimiter limiter;

  private ApiAccess(TokenFile tokens, SSLContext server, SSLContext forwarding, FailedAuthLimiter limiter) {
    this.tokens = tokens;
    this.server = server;
    this.forwarding = forwarding;
    this.limiter = limiter;
  }

  /** Plain http without tokens: the loopback default. */
  public static ApiAccess open() {
    return new ApiAccess(null, null, null, FailedAuthLimiter.defaults());
  }

  /**
   * Reads the token file and the key store {@code http} names.
   *
   * @throws IllegalArgumentException if the token file is malformed or the key store unusable
   */
  public static ApiAccess of(HttpAccess http, FailedAuthLimiter limiter) {
    TokenFile tokens = http.tokens() == null ? null : TokenFile.load(http.tokens());
    if (!http.tls()) {
      return new ApiAccess(tokens, null, null, limiter);
    }
    char[] password = readPassword(http.keyStorePasswordFile());
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(http.keyStore())) {
        store.load(in, password);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(kmf.getKeyManagers(), null, null);
      return new ApiAccess(tokens, server, forwardingContext(store), limiter);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use the HTTPS key store " + http.keyStore() + ": " + e.getMessage(), e);
    }
  }

  /** An instance with these tokens and TLS contexts (tests). */
  public static ApiAccess of(TokenFile tokens, SSLContext server, SSLContext forwarding, FailedAuthLimiter limiter) {
    return new ApiAccess(tokens, server, forwarding, limiter);
  }

  /** The tokens, or null when requests need none. */
  TokenFile tokens() {
    return tokens;
  }

  /** The server's TLS context, or null for plain http. */
  SSLContext serverTls() {
    return server;
  }

  /** The TLS context of forwarded look-ups, or null for plain http. */
  SSLContext forwardingTls() {
    return forwarding;
  }

  FailedAuthLimiter limiter() {
    return limiter;
  }

  /** {@code https} or {@code http}. */
  String scheme() {
    return server == null ? "http" : "https";
  }

  /** Trusts every certificate of the key store's chains: the CA that signed every instance's. */
  private static SSLContext forwardingContext(KeyStore keys) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int n = 0;
    for (String alias : Collections.list(keys.aliases())) {
      Certificate[] chain = keys.getCertificateChain(alias);
      if (chain == null) {
        continue;
      }
      for (Certificate c : chain) {
        trust.setCertificateEntry("c" + n++, c);
      }
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static char[] readPassword(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key store password file " + file, e);
    }
  }
}
