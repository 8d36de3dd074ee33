package io.hashstream.alerts.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hashstream.alerts.http.HttpForwarder.Answer;
import io.hashstream.alerts.http.Views.ActionList;
import io.hashstream.alerts.http.Views.ActionView;
import io.hashstream.alerts.http.Views.ClusterList;
import io.hashstream.alerts.http.Views.ClusterView;
import io.hashstream.alerts.access.Scope;
import io.hashstream.alerts.processor.Thumbnailer;
import io.hashstream.alerts.topology.StoreNames;
import io.hashstream.alerts.topology.TenantKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The look-up API under {@code /api/v1/}. GET (and HEAD) only; every parameter validated ({@link
 * QueryParams}); JSON answers, errors as {@code {"error": "..."}}.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code verdict?tenant=&image=}</td><td>the image's verdict (404: none)</td></tr>
 *   <tr><td>{@code case?tenant=&image=[&limit=]}</td><td>verdict, cluster and newest matches</td></tr>
 *   <tr><td>{@code actions?[tenant=][&limit=]}</td><td>newest actions of a tenant, or of all</td></tr>
 *   <tr><td>{@code clusters?[tenant=][&limit=]}</td><td>most recently active clusters</td></tr>
 *   <tr><td>{@code thumbnail?tenant=&image=[&fallback=placeholder]}</td><td>JPEG (404: none,
 *       or an SVG placeholder with {@code fallback})</td></tr>
 *   <tr><td>{@code health}</td><td>this instance's state</td></tr>
 * </table>
 *
 * <p>A keyed look-up is answered where its key lives: from this instance's stores, or forwarded to
 * the instance Kafka Streams' metadata names (once: a forwarded request is never forwarded again).
 * A listing without a tenant asks every instance and merges. {@code X-Served-By} names the instance
 * that read the stores. While a key's owner is unknown (rebalancing), the answer is 503 with {@code
 * Retry-After}.
 */
final class ApiHandler implements HttpHandler {
  static final String PREFIX = "/api/v1/";
  static final String SERVED_BY_HEADER = "X-Served-By";

  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json; charset=utf-8";
  private static final byte[] PLACEHOLDER =
      ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"96\" viewBox=\"0 0 96 96\">"
              + "<rect width=\"96\" height=\"96\" fill=\"#e4e4e4\"/><text x=\"48\" y=\"52\" font-size=\"11\""
              + " text-anchor=\"middle\" fill=\"#777\" font-family=\"sans-serif\">no thumbnail</text></svg>")
          .getBytes(StandardCharsets.UTF_8);

  private final CaseLookup lookup;
  private final Routing routing;
  private final Supplier<String> state;
  private final HttpForwarder forwarder;

  /**
   * @param state this instance's Kafka Streams state, for {@code health}
   * @param forwarder how look-ups reach other instances
   */
  ApiHandler(CaseLookup lookup, Routing routing, Supplier<String> state, HttpForwarder forwarder) {
    this.lookup = lookup;
    this.routing = routing;
    this.state = state;
    this.forwarder = forwarder;
  }

  /** One answer: status, type, body, and the instance that read the stores. */
  private record Reply(int status, String contentType, byte[] body, String servedBy) {}

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Reply reply;
    try {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        throw new ApiException(405, "only GET and HEAD");
      }
      reply = route(exchange, exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
    } catch (ApiException e) {
      reply = error(e.status(), e.getMessage());
    } catch (InvalidStateStoreException e) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      reply = error(503, "stores are not queryable right now (starting or rebalancing); retry");
    } catch (RuntimeException e) {
      LOG.warn("look-up {} failed", exchange.getRequestURI(), e);
      reply = error(500, "internal error: " + e.getClass().getSimpleName());
    }
    send(exchange, reply);
  }

  private Reply route(HttpExchange ex, String path, String rawQuery) {
    String endpoint = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
    switch (endpoint) {
      case "verdict": {
        QueryParams q = QueryParams.parse(rawQuery, Set.of("tenant", "image"));
        String tenant = q.tenant();
        String image = q.image();
        return routed(ex, StoreNames.VERDICTS, TenantKeys.key(tenant, image), true,
            () -> json(lookup.verdict(tenant, image)
                .orElseThrow(() -> new ApiException(404, "no verdict for " + TenantKeys.key(tenant, image)))));
      }
      case "case": {
        QueryParams q = QueryParams.parse(rawQuery, Set.of("tenant", "image", "limit"));
        String tenant = q.tenant();
        String image = q.image();
        int limit = q.limit();
        return routed(ex, StoreNames.MATCHES, TenantKeys.key(tenant, image), true,
            () -> json(lookup.imageCase(tenant, image, limit)
                .orElseThrow(() -> new ApiException(404,
                    "nothing known about " + TenantKeys.key(tenant, image)
                        + ": no verdict, cluster or match within the service's windows"))));
      }
      case "actions":
        return listing(ex, rawQuery, StoreNames.RECENT_ACTIONS, lookup::recentActions, lookup::recentActions,
            body -> read(body, ActionList.class).actions(),
            Comparator.comparing(ActionView::decidedAt).reversed(), ActionList::new);
      case "clusters":
        return listing(ex, rawQuery, StoreNames.CLUSTERS, lookup::recentClusters, lookup::recentClusters,
            body -> read(body, ClusterList.class).clusters(),
            Comparator.comparing(ClusterView::lastActiveAt).reversed(), ClusterList::new);
      case "thumbnail": {
        QueryParams q = QueryParams.parse(rawQuery, Set.of("tenant", "image", "fallback", "view"));
        String tenant = q.tenant();
        String image = q.image();
        boolean placeholder = q.choice("fallback", Set.of("placeholder")) != null;
        boolean obscured = q.choice("view", Set.of("obscured")) != null;
        return routed(ex, StoreNames.THUMBNAILS, TenantKeys.key(tenant, image), false,
            () -> lookup.thumbnail(tenant, image)
                .map(jpeg -> local(200, "image/jpeg", obscured ? Thumbnailer.obscure(jpeg) : jpeg))
                .orElseGet(() -> {
                  if (placeholder) {
                    return local(200, "image/svg+xml", PLACEHOLDER);
                  }
                  throw new ApiException(404, "no thumbnail of " + TenantKeys.key(tenant, image));
                }));
      }
      case "health": {
        QueryParams.parse(rawQuery, Set.of());
        String s = state.get();
        return local("RUNNING".equals(s) ? 200 : 503, JSON_TYPE,
            bytes(Map.of("state", s, "instance", hostText(routing.self()))));
      }
      default:
        throw new ApiException(404, "no such endpoint; see the README's look-up API");
    }
  }

  /** Answers here if this instance holds {@code key}, else forwards to the one that does. */
  private Reply routed(HttpExchange ex, String store, String key, boolean byTenant, Supplier<Reply> local) {
    HostInfo owner = routing.ownerOf(store, key, byTenant);
    if (owner == null) {
      ex.getResponseHeaders().set("Retry-After", "1");
      throw new ApiException(503, "no instance holds this key right now (rebalancing); retry");
    }
    if (owner.equals(routing.self())) {
      return local.get();
    }
    if (isForwarded(ex)) {
      ex.getResponseHeaders().set("Retry-After", "1");
      throw new ApiException(503, "this instance no longer holds the key (rebalancing); retry");
    }
    try {
      Answer a = forwarder.get(owner, pathAndQuery(ex), authorization(ex));
      return new Reply(a.status(), a.contentType(), a.body(), a.servedBy());
    } catch (IOException e) {
      throw new ApiException(502, "instance " + hostText(owner) + " holding the key did not answer: " + e.getMessage());
    }
  }

  /**
   * A listing ({@code tenant}, {@code limit}): with a tenant, answered where the tenant lives;
   * without, every instance answers from its own stores and the newest {@code limit} are merged,
   * each instance reading only the tenants the caller's token may see ({@link AccessFilter}).
   */
  private <T> Reply listing(
      HttpExchange ex,
      String rawQuery,
      String store,
      BiFunction<String, Integer, List<T>> local,
      BiFunction<Scope, Integer, List<T>> localVisible,
      Function<byte[], List<T>> parse,
      Comparator<T> newestFirst,
      BiFunction<List<T>, Boolean, Object> wrap) {
    QueryParams q = QueryParams.parse(rawQuery, Set.of("tenant", "limit"));
    String tenant = q.optionalTenant();
    int limit = q.limit();
    if (tenant != null) {
      return routed(ex, store, tenant, true, () -> json(wrap.apply(local.apply(tenant, limit), false)));
    }
    Scope scope = AccessFilter.scopeOf(ex);
    if (isForwarded(ex)) {
      return json(wrap.apply(localVisible.apply(scope, limit), false));
    }
    List<T> merged = new ArrayList<>();
    boolean partial = false;
    for (HostInfo host : routing.instancesOf(store)) {
      if (host.equals(routing.self())) {
        merged.addAll(localVisible.apply(scope, limit));
        continue;
      }
      try {
        Answer a = forwarder.get(host, pathAndQuery(ex), authorization(ex));
        if (a.status() == 200) {
          merged.addAll(parse.apply(a.body()));
        } else {
          partial = true;
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("instance {} did not answer a listing: {}", hostText(host), e.toString());
        partial = true;
      }
    }
    merged.sort(newestFirst);
    return json(wrap.apply(merged.subList(0, Math.min(limit, merged.size())), partial));
  }

  private Reply json(Object value) {
    return local(200, JSON_TYPE, bytes(value));
  }

  private Reply local(int status, String type, byte[] body) {
    return new Reply(status, type, body, hostText(routing.self()));
  }

  private Reply error(int status, String message) {
    return local(status, JSON_TYPE, bytes(Map.of("error", message)));
  }

  private static String authorization(HttpExchange ex) {
    return ex.getRequestHeaders().getFirst("Authorization");
  }

  private static boolean isForwarded(HttpExchange ex) {
    return ex.getRequestHeaders().containsKey(HttpForwarder.FORWARDED_HEADER);
  }

  private static String pathAndQuery(HttpExchange ex) {
    String q = ex.getRequestURI().getRawQuery();
    return ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q);
  }

  static String hostText(HostInfo h) {
    return h.host() + ":" + h.port();
  }

  private static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static <T> T read(byte[] body, Class<T> type) {
    try {
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new IllegalStateException("another instance sent unreadable JSON", e);
    }
  }

  private static void send(HttpExchange ex, Reply reply) throws IOException {
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    // a thumbnail never changes; everything else is live
    ex.getResponseHeaders()
        .set("Cache-Control", "image/jpeg".equals(reply.contentType()) ? "private, max-age=300" : "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set(SERVED_BY_HEADER, reply.servedBy());
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(reply.status(), head ? -1 : reply.body().length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(reply.body());
      }
    }
    ex.close();
  }
}
