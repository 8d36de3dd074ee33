package io.hashstream.alerts.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenFileTest {
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final String ACME = "acme-token-0123456789abcdef";

  private static TokenFile tokens() {
    return TokenFile.parse(List.of(
        "# name scope digest",
        "",
        TokenFile.line("moderator", Scope.ALL, ADMIN),
        "  " + TokenFile.line("acme-ui", Scope.tenants(Set.of("acme", "acme-eu")), ACME) + "  "),
        "tokens");
  }

  @Test
  void eachTokenIsItsNamesScope() {
    TokenFile tokens = tokens();
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.authenticate(ADMIN)).get().extracting(Principal::name).isEqualTo("moderator");
    assertThat(tokens.authenticate(ADMIN).orElseThrow().scope().mayRead("anyone")).isTrue();
    Scope acme = tokens.authenticate(ACME).orElseThrow().scope();
    assertThat(acme.mayRead("acme")).isTrue();
    assertThat(acme.mayRead("acme-eu")).isTrue();
    assertThat(acme.mayRead("globex")).isFalse();
  }

  @Test
  void unknownAndMalformedTokensAreNobody() {
    TokenFile tokens = tokens();
    assertThat(tokens.authenticate("not-a-token-we-know-of-at-all")).isEmpty();
    assertThat(tokens.authenticate(ADMIN + " ")).isEmpty();
    assertThat(tokens.authenticate("short")).isEmpty();
    assertThat(tokens.authenticate(null)).isEmpty();
    assertThat(tokens.authenticate("x".repeat(513))).isEmpty();
  }

  @Test
  void theFileHoldsDigestsNeverTokens() {
    String line = TokenFile.line("moderator", Scope.ALL, ADMIN);
    assertThat(line).doesNotContain(ADMIN).matches("moderator admin sha256:[0-9a-f]{64}");
    assertThatThrownBy(() -> TokenFile.parse(List.of("moderator admin " + ADMIN), "tokens"))
        .hasMessageContaining("tokens line 1").hasMessageContaining("never go in the file");
  }

  @Test
  void malformedFilesAreRefusedNamingTheLine() {
    String digest = TokenFile.line("x", Scope.ALL, ADMIN).split(" ")[2];
    assertThatThrownBy(() -> TokenFile.parse(List.of("a admin"), "f")).hasMessageContaining("f line 1");
    assertThatThrownBy(() -> TokenFile.parse(List.of("a everyone " + digest), "f"))
        .hasMessageContaining("'admin' or 'tenants=");
    assertThatThrownBy(() -> TokenFile.parse(List.of("a tenants= " + digest), "f"))
        .hasMessageContaining("'admin' or 'tenants=");
    assertThatThrownBy(() -> TokenFile.parse(List.of("a tenants=x,,y " + digest), "f"))
        .hasMessageContaining("empty tenant");
    assertThatThrownBy(() -> TokenFile.parse(List.of("a admin " + digest, "a admin " + TokenFile.line("y", Scope.ALL, ACME).split(" ")[2]), "f"))
        .hasMessageContaining("f line 2").hasMessageContaining("used twice");
    assertThatThrownBy(() -> TokenFile.parse(List.of("a admin " + digest, "b admin " + digest), "f"))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> TokenFile.parse(List.of("bad/name admin " + digest), "f"))
        .hasMessageContaining("a name is");
  }

  @Test
  void newTokensAreLongAndDistinct() {
    String a = TokenFile.newToken();
    assertThat(a).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(TokenFile.newToken());
    assertThat(TokenFile.parse(List.of(TokenFile.line("n", Scope.ALL, a)), "f").authenticate(a)).isPresent();
  }
}
