package io.hashstream.flink.ingest;

import io.hashstream.schemas.DeadLetterReason;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an upload's {@code imageUri} may point: per tenant, a list of URI prefixes (folders), e.g.
 * {@code s3://uploads/{tenant}/} or {@code file:///srv/uploads/{tenant}/}, where {@code {tenant}}
 * stands for the upload's tenant. Nothing is allowed unless configured ({@code
 * ingest.allowed-uri-prefixes}, {@code ingest.allowed-uri-prefixes.<tenant>}): without a prefix,
 * uploads carry bytes or embeddings.
 *
 * <p>The URI is normalised before it is compared, and the normalised form is what is read
 * afterwards, never the original text: percent-escapes are decoded once (so {@code %2e%2e} is
 * {@code ..}), {@code .} and {@code ..} segments are resolved (a {@code ..} above the root is
 * refused), repeated slashes collapse, the scheme and host are lower-cased. A prefix matches whole
 * path segments only ({@code s3://b/up/} never admits {@code s3://b/upload-other/x}). Refused
 * outright, whatever the prefixes: user info, a query or a fragment, backslashes and control
 * characters in the path, opaque URIs ({@code file:x}), a {@code file:} host other than none or
 * {@code localhost}, and a tenant that is not a plain path segment where {@code {tenant}} is
 * substituted. Symbolic links below a {@code file:} prefix are the reader's to refuse (it checks the
 * file system; this check never touches it).
 *
 * <p>Every refusal is {@code URI_NOT_ALLOWED} (or {@code URI_UNREADABLE} for text that is no URI)
 * with a message about the URI and the tenant's allowed prefixes, nothing about the file system.
 * Immutable, serializable, thread-safe; cost O(length of the URI + number of prefixes).
 */
public final class UriPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Stands for the upload's tenant in a prefix. */
  public static final String TENANT_PLACEHOLDER = "{tenant}";

  private final List<String> common;
  private final TreeMap<String, List<String>> perTenant;

  /** A URI that may be read: its normalised form, and the normalised prefix it is under. */
  public record Allowed(URI uri, URI prefix) {}

  /**
   * @param common prefixes allowed for every tenant (may contain {@code {tenant}})
   * @param perTenant further prefixes of single tenants
   * @throws IllegalArgumentException if a prefix is not an absolute, hierarchical URI ending in a
   *     folder
   */
  public UriPolicy(List<String> common, Map<String, List<String>> perTenant) {
    this.common = List.copyOf(common);
    this.perTenant = new TreeMap<>();
    perTenant.forEach((tenant, prefixes) -> this.perTenant.put(tenant, List.copyOf(prefixes)));
    for (String p : allPrefixes()) {
      try {
        normalise(p.replace(TENANT_PLACEHOLDER, "tenant"), true);
      } catch (RejectedUploadException e) {
        throw new IllegalArgumentException("allowed URI prefix '" + p + "': " + e.getMessage());
      }
    }
  }

  /** No URI is allowed. */
  public static UriPolicy none() {
    return new UriPolicy(List.of(), Map.of());
  }

  /** Whether some tenant may use URIs at all. */
  public boolean allowsAny() {
    return !common.isEmpty() || !perTenant.isEmpty();
  }

  /**
   * Checks {@code imageUri} for {@code tenant}.
   *
   * @return the normalised URI (to be read instead of the text) and its prefix
   * @throws RejectedUploadException {@code URI_NOT_ALLOWED}, or {@code URI_UNREADABLE} when the text
   *     is not a URI
   */
  public Allowed check(String tenant, String imageUri) throws RejectedUploadException {
    URI uri = normalise(imageUri, false);
    for (String template : prefixesOf(tenant)) {
      if (template.contains(TENANT_PLACEHOLDER) && !isPlainSegment(tenant)) {
        continue; // a tenant named "..", "a/b", ... never stands in a path
      }
      URI prefix = normalise(template.replace(TENANT_PLACEHOLDER, tenant), true);
      if (under(uri, prefix)) {
        return new Allowed(uri, prefix);
      }
    }
    throw new RejectedUploadException(DeadLetterReason.URI_NOT_ALLOWED, refusal(tenant));
  }

  private String refusal(String tenant) {
    List<String> prefixes = prefixesOf(tenant);
    if (prefixes.isEmpty()) {
      return "this job reads no image URIs for tenant '" + tenant + "' (no allowed prefix is"
          + " configured): send the image as imageBytes, or ask the operator to allow a location";
    }
    List<String> shown = new ArrayList<>();
    for (String p : prefixes) {
      shown.add(p.contains(TENANT_PLACEHOLDER) && isPlainSegment(tenant) ? p.replace(TENANT_PLACEHOLDER, tenant) : p);
    }
    return "imageUri is not under a location allowed for tenant '" + tenant + "' (allowed: "
        + String.join(", ", shown) + "); upload the image there, or send it as imageBytes";
  }

  private List<String> prefixesOf(String tenant) {
    List<String> out = new ArrayList<>(common);
    out.addAll(perTenant.getOrDefault(tenant, List.of()));
    return out;
  }

  private List<String> allPrefixes() {
    List<String> out = new ArrayList<>(common);
    perTenant.values().forEach(out::addAll);
    return out;
  }

  /**
   * Whether {@code uri} lies below {@code prefix}, both {@link #normalise normalised}: same scheme
   * and authority, and the path continues the prefix's (which ends with '/').
   */
  public static boolean under(URI uri, URI prefix) {
    return uri.getScheme().equals(prefix.getScheme())
        && String.valueOf(uri.getRawAuthority()).equals(String.valueOf(prefix.getRawAuthority()))
        && uri.getPath().startsWith(prefix.getPath())
        && uri.getPath().length() > prefix.getPath().length();
  }

  /**
   * The normalised form of {@code text}: decoded once, dot segments resolved, slashes collapsed,
   * scheme and host lower-cased. A prefix's path gets a trailing slash.
   *
   * @param folder whether {@code text} names a folder (a prefix) rather than a file
   * @throws RejectedUploadException {@code URI_UNREADABLE} for text that is no URI, {@code
   *     URI_NOT_ALLOWED} for a URI that is refused whatever the prefixes
   */
  public static URI normalise(String text, boolean folder) throws RejectedUploadException {
    if (text == null || text.isBlank()) {
      throw new RejectedUploadException(DeadLetterReason.URI_UNREADABLE, "imageUri is empty");
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new RejectedUploadException(DeadLetterReason.URI_UNREADABLE,
          "imageUri does not parse as a URI (" + e.getReason() + "); percent-encode special characters");
    }
    if (!uri.isAbsolute() || uri.isOpaque()) {
      throw notAllowed("imageUri must be an absolute URI with a path, such as s3://bucket/key or"
          + " file:///folder/file");
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw notAllowed("imageUri must not carry user info, a query or a fragment");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority() == null
        ? null
        : (host != null ? host + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") : uri.getRawAuthority());
    if (scheme.equals("file")) {
      if (authority != null && !authority.equals("localhost")) {
        throw notAllowed("a file: imageUri names no host (file:///folder/file)");
      }
      authority = null;
    }
    String path = uri.getPath(); // decoded once
    if (path == null || path.isEmpty()) {
      throw notAllowed("imageUri has no path");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw notAllowed("imageUri's path holds a control character or a backslash");
      }
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw notAllowed("imageUri climbs above its root with '..'");
        }
        segments.remove(segments.size() - 1);
        continue;
      }
      segments.add(segment);
    }
    String normalised = "/" + String.join("/", segments);
    if (folder && !normalised.endsWith("/")) {
      normalised += "/";
    }
    if (!folder && segments.isEmpty()) {
      throw notAllowed("imageUri names a folder, not a file");
    }
    try {
      return new URI(scheme, authority, normalised, null, null);
    } catch (URISyntaxException e) {
      throw notAllowed("imageUri cannot be normalised: " + e.getReason());
    }
  }

  /** Whether a tenant may stand in a path: one segment, not a dot segment, nothing to decode. */
  static boolean isPlainSegment(String tenant) {
    if (tenant == null || tenant.isEmpty() || tenant.equals(".") || tenant.equals("..")) {
      return false;
    }
    for (int i = 0; i < tenant.length(); i++) {
      char c = tenant.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '%' || c == '?' || c == '#') {
        return false;
      }
    }
    return true;
  }

  private static RejectedUploadException notAllowed(String message) {
    return new RejectedUploadException(DeadLetterReason.URI_NOT_ALLOWED, message);
  }

  /** The configured prefixes, for logs: every tenant's, then each tenant's own. */
  @Override
  public String toString() {
    return "UriPolicy{all tenants: " + common + ", per tenant: " + Collections.unmodifiableMap(perTenant) + "}";
  }
}
