package io.hashstream.alerts.http;

import io.hashstream.alerts.processor.InputChecks;
import io.hashstream.alerts.topology.TenantKeys;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one API request, validated: only the names an endpoint accepts, each at
 * most once, ids as the topology accepts them, and numbers within their limits.
 */
final class QueryParams {
  /** The longest query string accepted (414 beyond). */
  static final int MAX_QUERY_CHARS = 2048;

  /** The default and the largest {@code limit}. */
  static final int DEFAULT_LIMIT = 50;

  static final int MAX_LIMIT = 500;

  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code rawQuery} (still percent-encoded), accepting only {@code allowed} names.
   *
   * @throws ApiException 414 if too long, 400 on an unknown, repeated or undecodable parameter
   */
  static QueryParams parse(String rawQuery, Set<String> allowed) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryParams(values);
    }
    if (rawQuery.length() > MAX_QUERY_CHARS) {
      throw new ApiException(414, "query string longer than " + MAX_QUERY_CHARS + " characters");
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!allowed.contains(name)) {
        throw new ApiException(
            400, "unknown parameter '" + clip(name) + "'; accepted: " + new TreeSet<>(allowed));
      }
      if (values.put(name, value) != null) {
        throw new ApiException(400, "parameter '" + name + "' given more than once");
      }
    }
    return new QueryParams(values);
  }

  /**
   * Every value of parameter {@code name} in {@code rawQuery}, decoded exactly as {@link #parse}
   * decodes it (so a check on these values sees what the handler will see), whatever else the
   * query holds.
   *
   * @throws ApiException 414 if too long, 400 on undecodable percent-encoding
   */
  static java.util.List<String> valuesOf(String rawQuery, String name) {
    java.util.List<String> out = new java.util.ArrayList<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    if (rawQuery.length() > MAX_QUERY_CHARS) {
      throw new ApiException(414, "query string longer than " + MAX_QUERY_CHARS + " characters");
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (!pair.isEmpty() && decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        out.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  /** The tenant, required. */
  String tenant() {
    String tenant = optionalTenant();
    if (tenant == null) {
      throw new ApiException(400, "parameter 'tenant' is required");
    }
    return tenant;
  }

  /** The tenant, or null if not given. */
  String optionalTenant() {
    String tenant = values.get("tenant");
    if (tenant == null) {
      return null;
    }
    if (!TenantKeys.isValidTenant(tenant) || !InputChecks.isValidId(tenant)) {
      throw new ApiException(
          400, "'tenant' must be 1.." + InputChecks.MAX_ID_CHARS + " characters, no '/' or control characters");
    }
    return tenant;
  }

  /** The image id, required. */
  String image() {
    String image = values.get("image");
    if (image == null) {
      throw new ApiException(400, "parameter 'image' is required");
    }
    if (!InputChecks.isValidId(image)) {
      throw new ApiException(
          400, "'image' must be 1.." + InputChecks.MAX_ID_CHARS + " characters, no control characters");
    }
    return image;
  }

  /** {@code limit}: 1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
  int limit() {
    String limit = values.get("limit");
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    int n;
    try {
      n = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw new ApiException(400, "'limit' must be a whole number");
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw new ApiException(400, "'limit' must be 1.." + MAX_LIMIT + ", was " + n);
    }
    return n;
  }

  /** A parameter that may only take one of {@code accepted}, or null if not given. */
  String choice(String name, Set<String> accepted) {
    String value = values.get(name);
    if (value != null && !accepted.contains(value)) {
      throw new ApiException(400, "'" + name + "' must be one of " + new TreeSet<>(accepted));
    }
    return value;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "malformed percent-encoding in the query string");
    }
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
