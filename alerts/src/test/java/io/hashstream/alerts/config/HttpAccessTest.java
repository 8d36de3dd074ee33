package io.hashstream.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Off loopback, the API needs both tokens and HTTPS; wildcards are refused. */
class HttpAccessTest {
  private static final Path TOKENS = Path.of("tokens");
  private static final Path KEYS = Path.of("server.p12");
  private static final Path PASSWORD = Path.of("password");

  @Test
  void loopbackMayRunWithoutTokensOrTls() {
    assertThat(HttpAccess.loopback().authenticated()).isFalse();
    assertThat(HttpAccess.loopback().scheme()).isEqualTo("http");
    assertThat(new HttpAccess("127.0.0.1", TOKENS, null, null).authenticated()).isTrue();
  }

  @Test
  void anyOtherAddressNeedsTokensAndHttps() {
    assertThatThrownBy(() -> new HttpAccess("192.0.2.10", null, null, null))
        .hasMessageContaining("needs --tokens and --https-keystore");
    assertThatThrownBy(() -> new HttpAccess("192.0.2.10", TOKENS, null, null))
        .hasMessageContaining("needs --tokens and --https-keystore");
    assertThatThrownBy(() -> new HttpAccess("192.0.2.10", null, KEYS, PASSWORD))
        .hasMessageContaining("needs --tokens and --https-keystore");
    HttpAccess open = new HttpAccess("192.0.2.10", TOKENS, KEYS, PASSWORD);
    assertThat(open.scheme()).isEqualTo("https");
  }

  @Test
  void wildcardsAndKeyStoresWithoutPasswordsAreRefused() {
    assertThatThrownBy(() -> new HttpAccess("0.0.0.0", TOKENS, KEYS, PASSWORD)).hasMessageContaining("wildcard");
    assertThatThrownBy(() -> new HttpAccess("127.0.0.1", TOKENS, KEYS, null))
        .hasMessageContaining("--https-keystore-password-file");
  }
}
