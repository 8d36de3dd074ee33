package io.hashstream.alerts.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.hashstream.alerts.access.Principal;
import io.hashstream.alerts.access.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication and tenant isolation in front of every API handler, so that no handler can forget
 * them: a request needs {@code Authorization: Bearer <token>} of the token file (401 otherwise;
 * {@code health} excepted, it shows no tenant's data), and a token scoped to some tenants may only
 * use the endpoints that name their tenant in the {@code tenant} parameter ({@link
 * #TENANT_SCOPED}), for its own tenants (403 otherwise). A listing without {@code tenant} is
 * answered with the token's tenants only: the handler reads the scope this filter leaves on the
 * exchange ({@link #scopeOf}). Any other endpoint, present or future, needs an admin token.
 *
 * <p>Failed authentications are counted per client address ({@link
 * io.hashstream.alerts.access.FailedAuthLimiter}): past the limit the address gets 429 with {@code
 * Retry-After}, whatever it sends. Failures are logged with the address, method and path, never
 * the token. Forwarded look-ups carry the caller's token, so the instance that answers applies the
 * caller's scope again.
 *
 * <p>Without a token file (loopback only, see {@link io.hashstream.alerts.config.HttpAccess}) every
 * request has {@link Scope#ALL}.
 */
final class AccessFilter extends Filter {
  /** The endpoints a tenant-scoped token may use: each names its tenant in {@code tenant}. */
  static final Set<String> TENANT_SCOPED = Set.of("verdict", "case", "thumbnail", "actions", "clusters");

  /** Answers without a token: it shows only the instance's state. */
  static final String OPEN_ENDPOINT = "health";

  private static final String SCOPE_ATTRIBUTE = "io.hashstream.alerts.scope";
  private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiAccess access;

  AccessFilter(ApiAccess access) {
    this.access = access;
  }

  /** What the request may see, as this filter decided (every tenant when it did not run). */
  static Scope scopeOf(HttpExchange exchange) {
    Object scope = exchange.getAttribute(SCOPE_ATTRIBUTE);
    return scope instanceof Scope s ? s : Scope.ALL;
  }

  @Override
  public String description() {
    return "bearer tokens and tenant scopes";
  }

  @Override
  public void doFilter(HttpExchange ex, Chain chain) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String endpoint = path.startsWith(ApiHandler.PREFIX) ? path.substring(ApiHandler.PREFIX.length()) : path;
    if (access.tokens() == null || endpoint.equals(OPEN_ENDPOINT)) {
      ex.setAttribute(SCOPE_ATTRIBUTE, Scope.ALL);
      chain.doFilter(ex);
      return;
    }
    String client = ex.getRemoteAddress().getAddress().getHostAddress();
    Duration wait = access.limiter().retryAfter(client);
    if (!wait.isZero()) {
      ex.getResponseHeaders().set("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
      refuse(ex, 429, "too many failed authentications from this address; retry later");
      return;
    }
    String token = bearerToken(ex.getRequestHeaders().getFirst("Authorization"));
    Optional<Principal> principal =
        token == null ? Optional.empty() : access.tokens().authenticate(token);
    if (principal.isEmpty()) {
      boolean blocked = access.limiter().failed(client);
      LOG.warn("look-up refused: {} from {} for {} {}{}",
          token == null ? "no bearer token" : "unknown token", client, ex.getRequestMethod(), path,
          blocked ? "; this address now waits before it may try again" : "");
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"hashstream\"");
      refuse(ex, 401, "a bearer token is required: Authorization: Bearer <token>");
      return;
    }
    Scope scope = principal.get().scope();
    if (!scope.all()) {
      if (!TENANT_SCOPED.contains(endpoint)) {
        refuse(ex, 403, "this endpoint needs an admin token");
        return;
      }
      try {
        for (String tenant : QueryParams.valuesOf(ex.getRequestURI().getRawQuery(), "tenant")) {
          if (!scope.mayRead(tenant)) {
            LOG.info("look-up denied: token '{}' asked for another tenant's {}", principal.get().name(), endpoint);
            refuse(ex, 403, "this token may not read that tenant");
            return;
          }
        }
      } catch (ApiException e) {
        refuse(ex, e.status(), e.getMessage());
        return;
      }
    }
    ex.setAttribute(SCOPE_ATTRIBUTE, scope);
    chain.doFilter(ex);
  }

  private static String bearerToken(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  private static void refuse(HttpExchange ex, int status, String message) throws IOException {
    byte[] body = JSON.writeValueAsBytes(Map.of("error", message));
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }
}
