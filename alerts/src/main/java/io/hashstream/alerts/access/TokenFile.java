package io.hashstream.alerts.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The look-up API's bearer tokens, read from a file of one token per line; the file holds each
 * token's sha256, never the token, so reading it does not let anyone in:
 *
 * <pre>
 * # name      scope                  sha256 of the token
 * moderator   admin                  sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae
 * acme-ui     tenants=acme,acme-eu   sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9
 * </pre>
 *
 * <p>{@code admin} sees every tenant; {@code tenants=A,B} only those. Blank lines and {@code #}
 * comments are skipped. A token is 20 to 512 printable ASCII characters without spaces (make one
 * with {@link #newToken()} or {@code openssl rand -base64 32}); its line's digest is {@code printf
 * %s "$TOKEN" | sha256sum}. Names and digests must be unique. A malformed file is refused as a
 * whole, naming the line.
 *
 * <p>Look-ups compare the presented token's digest with every entry in constant time. Immutable;
 * thread-safe.
 */
public final class TokenFile {
  private static final String DIGEST_PREFIX = "sha256:";

  private record Entry(Principal principal, byte[] digest) {}

  private final List<Entry> entries;

  private TokenFile(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Reads a token file.
   *
   * @throws IllegalArgumentException naming the first bad line
   * @throws UncheckedIOException if it cannot be read
   */
  public static TokenFile load(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file, e);
    }
  }

  /** Parses the lines of a token file; {@code source} names it in errors. */
  public static TokenFile parse(List<String> lines, String source) {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> digests = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1) + ": ";
      String[] fields = line.split("\\s+");
      if (fields.length != 3) {
        throw new IllegalArgumentException(where + "expected 'NAME SCOPE sha256:HEX', got "
            + fields.length + " fields");
      }
      String name = fields[0];
      if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new IllegalArgumentException(where + "a name is 1..64 of [A-Za-z0-9._@-]");
      }
      Scope scope = scopeOf(fields[1], where);
      String digest = fields[2];
      if (!digest.startsWith(DIGEST_PREFIX)
          || !digest.substring(DIGEST_PREFIX.length()).matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException(where + "the third field is the token's sha256 as"
            + " sha256:<64 hex digits> (printf %s \"$TOKEN\" | sha256sum); tokens themselves never"
            + " go in the file");
      }
      if (!names.add(name)) {
        throw new IllegalArgumentException(where + "the name " + name + " is used twice");
      }
      String hex = digest.substring(DIGEST_PREFIX.length()).toLowerCase(java.util.Locale.ROOT);
      if (!digests.add(hex)) {
        throw new IllegalArgumentException(where + "the same token is listed twice");
      }
      entries.add(new Entry(new Principal(name, scope), HexFormat.of().parseHex(hex)));
    }
    return new TokenFile(entries);
  }

  /** How many tokens there are. */
  public int size() {
    return entries.size();
  }

  /**
   * Who holds {@code token}.
   *
   * @param token the bearer token as presented
   * @return the principal, or empty for an unknown or malformed token
   */
  public Optional<Principal> authenticate(String token) {
    if (!isWellFormed(token)) {
      return Optional.empty();
    }
    byte[] digest = sha256(token);
    Principal found = null;
    for (Entry e : entries) { // every entry, matched or not: the time does not depend on which
      if (MessageDigest.isEqual(digest, e.digest()) && found == null) {
        found = e.principal();
      }
    }
    return Optional.ofNullable(found);
  }

  /** A new random token (32 bytes, URL-safe base64). */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The token file line of a token.
   *
   * @param name the token's name
   * @param scope {@code admin} or the tenants
   * @param token the token (only its digest is written)
   * @return the line
   */
  public static String line(String name, Scope scope, String token) {
    String scopeText = scope.all() ? "admin" : "tenants=" + String.join(",", new java.util.TreeSet<>(scope.tenants()));
    return name + " " + scopeText + " " + DIGEST_PREFIX + HexFormat.of().formatHex(sha256(token));
  }

  private static boolean isWellFormed(String token) {
    if (token == null || token.length() < 20 || token.length() > 512) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c > '~') {
        return false;
      }
    }
    return true;
  }

  private static Scope scopeOf(String text, String where) {
    if (text.equals("admin")) {
      return Scope.ALL;
    }
    if (!text.startsWith("tenants=") || text.length() == "tenants=".length()) {
      throw new IllegalArgumentException(where + "the scope is 'admin' or 'tenants=A,B,...'");
    }
    Set<String> tenants = new LinkedHashSet<>(Arrays.asList(text.substring("tenants=".length()).split(",")));
    if (tenants.contains("")) {
      throw new IllegalArgumentException(where + "an empty tenant name in " + text);
    }
    return Scope.tenants(tenants);
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
