package io.hashstream.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.DeadLetterReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What a tenant's image URI may name, after normalisation; nothing here touches a file system. */
class UriPolicyTest {
  private final UriPolicy policy = new UriPolicy(
      List.of("s3://uploads/{tenant}/", "file:///srv/uploads/{tenant}"),
      Map.of("acme", List.of("s3://acme-archive/photos/")));

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "acme   | s3://uploads/acme/a.jpg                     | s3://uploads/acme/a.jpg",
        "acme   | S3://UPLOADS/acme/x/../a.jpg                | s3://uploads/acme/a.jpg",
        "acme   | s3://uploads/acme//./sub/a.jpg              | s3://uploads/acme/sub/a.jpg",
        "acme   | s3://acme-archive/photos/2026/a.jpg         | s3://acme-archive/photos/2026/a.jpg",
        "acme   | file:///srv/uploads/acme/a.jpg              | file:/srv/uploads/acme/a.jpg",
        "acme   | file://localhost/srv/uploads/acme/a.jpg     | file:/srv/uploads/acme/a.jpg",
        "acme   | file:/srv/uploads/acme/a%20b.jpg            | file:/srv/uploads/acme/a%20b.jpg",
        "acme   | file:///srv/uploads/acme/%252e%252e/a.jpg   | file:/srv/uploads/acme/%252e%252e/a.jpg",
        "globex | s3://uploads/globex/a.jpg                   | s3://uploads/globex/a.jpg",
      })
  void allowedUrisAreNormalised(String tenant, String uri, String normalised) throws Exception {
    assertThat(policy.check(tenant, uri).uri()).hasToString(normalised);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "acme   | file:///etc/passwd",
        "acme   | file:///srv/uploads/acme/../globex/a.jpg",
        "acme   | file:///srv/uploads/acme/%2e%2e/globex/a.jpg",
        "acme   | file:///srv/uploads/acme/..%2Fglobex/a.jpg",
        "acme   | file:///srv/uploads/acme%2F..%2Fglobex/a.jpg",
        "acme   | file:///srv/uploads/acme-evil/a.jpg",
        "acme   | file:///srv/uploads/acme",
        "acme   | file:///srv/uploads/acme/",
        "acme   | file://otherhost/srv/uploads/acme/a.jpg",
        "acme   | file:///srv/uploads/acme/a%5Cb.jpg",
        "acme   | file:///srv/uploads/acme/a%00.jpg",
        "acme   | file:///../../etc/passwd",
        "acme   | file:srv/uploads/acme/a.jpg",
        "acme   | s3://uploads/globex/a.jpg",
        "acme   | s3://user:secret@uploads/acme/a.jpg",
        "acme   | s3://uploads/acme/a.jpg?versionId=1",
        "acme   | s3://uploads/acme/a.jpg#frag",
        "acme   | http://uploads/acme/a.jpg",
        "acme   | /srv/uploads/acme/a.jpg",
        "globex | s3://acme-archive/photos/a.jpg",
        "..     | s3://uploads/../a.jpg",
        "a/b    | s3://uploads/a/b/a.jpg",
        "%2e%2e | s3://uploads/%2e%2e/a.jpg",
      })
  void everythingElseIsNotAllowed(String tenant, String uri) {
    assertThatThrownBy(() -> policy.check(tenant, uri))
        .isInstanceOfSatisfying(RejectedUploadException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.URI_NOT_ALLOWED));
  }

  @Test
  void textThatIsNoUriIsUnreadable() {
    assertThatThrownBy(() -> policy.check("acme", "s3://uploads/acme/a b.jpg"))
        .isInstanceOfSatisfying(RejectedUploadException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.URI_UNREADABLE));
  }

  @Test
  void theRefusalSaysWhereTheTenantMayUploadAndNothingElse() {
    assertThatThrownBy(() -> policy.check("acme", "file:///etc/passwd"))
        .hasMessageContaining("s3://uploads/acme/").hasMessageContaining("file:///srv/uploads/acme")
        .hasMessageContaining("s3://acme-archive/photos/").hasMessageNotContaining("globex");
    assertThatThrownBy(() -> UriPolicy.none().check("acme", "s3://uploads/acme/a.jpg"))
        .hasMessageContaining("reads no image URIs").hasMessageContaining("imageBytes");
  }

  @Test
  void badPrefixesAreRefusedWhenConfigured() {
    assertThatThrownBy(() -> new UriPolicy(List.of("uploads/"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploads/");
    assertThatThrownBy(() -> new UriPolicy(List.of("s3://b/x?y"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
