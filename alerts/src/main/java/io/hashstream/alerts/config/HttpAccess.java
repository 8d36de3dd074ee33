package io.hashstream.alerts.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Who can reach the look-up API and the live page, and how: the address the service binds to (and
 * advertises to other instances), the bearer token file, and the HTTPS key store.
 *
 * <p>The default, {@link #loopback()}, is plain http on 127.0.0.1 without tokens: only this
 * machine's users reach it. Any other address requires both tokens and HTTPS (the service refuses
 * to start otherwise): thumbnails of removed content must not travel in clear or to anyone.
 *
 * @param host the address to bind and advertise, e.g. {@code 10.0.0.5}; never a wildcard (the
 *     address is also what other instances forward look-ups to)
 * @param tokens the token file ({@link io.hashstream.alerts.access.TokenFile}), or null for none
 * @param keyStore a PKCS12 key store with the service's key and certificate chain, or null for
 *     plain http
 * @param keyStorePasswordFile a file holding the key store's password (one line), or null
 */
public record HttpAccess(String host, Path tokens, Path keyStore, Path keyStorePasswordFile) {
  /** The loopback address the service binds to by default. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Checks the combination. */
  public HttpAccess {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the HTTP host is required (default 127.0.0.1)");
    }
    InetAddress address = address(host);
    if (address.isAnyLocalAddress()) {
      throw new IllegalArgumentException("--http-host " + host + " is a wildcard; bind one address"
          + " (it is also the address other instances forward look-ups to)");
    }
    if (!address.isLoopbackAddress() && (tokens == null || keyStore == null)) {
      throw new IllegalArgumentException("--http-host " + host + " is reachable from other"
          + " machines: it needs --tokens and --https-keystore (tokens in clear, or no tokens at"
          + " all, would expose removed content)");
    }
    if (keyStore != null && keyStorePasswordFile == null) {
      throw new IllegalArgumentException("--https-keystore needs --https-keystore-password-file");
    }
  }

  /** Plain http on 127.0.0.1 without tokens. */
  public static HttpAccess loopback() {
    return new HttpAccess(LOOPBACK, null, null, null);
  }

  /** Whether requests must carry a token. */
  public boolean authenticated() {
    return tokens != null;
  }

  /** Whether the service speaks HTTPS. */
  public boolean tls() {
    return keyStore != null;
  }

  /** The URL scheme of the API: {@code https} or {@code http}. */
  public String scheme() {
    return tls() ? "https" : "http";
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--http-host " + host + " does not resolve", e);
    }
  }
}
