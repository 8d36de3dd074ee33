package io.hashstream.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import io.hashstream.schemas.security.KafkaClientSecurity;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistry} over the Confluent REST API, as served by Confluent Schema Registry,
 * Apicurio ({@code http://host:port/apis/ccompat/v7}), Karapace and Redpanda. Confluent's own client
 * is not on Maven Central; this one needs only the JDK's HTTP client.
 *
 * <p>No caching: wrap it in {@link CachedSchemaRegistry}. Safe for concurrent use (the JDK client
 * is). Each call is one HTTP request with {@code requestTimeout}; unreachable registries throw a
 * {@link SchemaRegistryException} with {@link SchemaRegistryException#isUnreachable()} true.
 *
 * <p>Security ({@link KafkaClientSecurity}): basic auth ({@code basic.auth.user.info}) and the CA
 * an {@code https://} registry's certificate is checked against. Credentials are never sent over
 * plain {@code http://}: such a client is refused when built.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI baseUri;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Optional<String> authorization;

  /**
   * @param baseUri the Confluent-compatible API root, e.g. {@code
   *     http://127.0.0.1:18081/apis/ccompat/v7}
   * @param requestTimeout how long one request may take
   * @param security basic auth and TLS trust; {@link KafkaClientSecurity#none()} for neither
   * @throws IllegalArgumentException if credentials would go over plain http
   */
  public HttpSchemaRegistry(URI baseUri, Duration requestTimeout, KafkaClientSecurity security) {
    String s = baseUri.toString();
    this.baseUri = URI.create(s.endsWith("/") ? s : s + "/");
    this.requestTimeout = requestTimeout;
    this.authorization = security.registryAuthorization();
    if (authorization.isPresent() && !"https".equalsIgnoreCase(baseUri.getScheme())) {
      throw new IllegalArgumentException(
          "registry credentials (basic.auth.user.info) would travel in clear to " + baseUri
              + ": use the registry's https:// address");
    }
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .version(HttpClient.Version.HTTP_1_1);
    if ("https".equalsIgnoreCase(baseUri.getScheme())) {
      builder.sslContext(security.registrySslContext());
    }
    this.http = builder.build();
  }

  public HttpSchemaRegistry(URI baseUri, Duration requestTimeout) {
    this(baseUri, requestTimeout, KafkaClientSecurity.none());
  }

  public HttpSchemaRegistry(URI baseUri) {
    this(baseUri, Duration.ofSeconds(10));
  }

  /** A client of the registry at {@code baseUri} with {@code security}, 10 s per request. */
  public HttpSchemaRegistry(URI baseUri, KafkaClientSecurity security) {
    this(baseUri, Duration.ofSeconds(10), security);
  }

  public URI baseUri() {
    return baseUri;
  }

  @Override
  public int register(String subject, Schema schema) {
    JsonNode body =
        send("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema), "register");
    return body.path("id").asInt();
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    JsonNode body = send("POST", "subjects/" + encode(subject), schemaBody(schema), "look up");
    return body.path("id").asInt();
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode body = send("GET", "schemas/ids/" + id, null, "fetch schema id " + id);
    String text = body.path("schema").asText(null);
    if (text == null) {
      throw new SchemaRegistryException(
          "registry answered without a schema for id " + id + ": " + body, 200, 0, null);
    }
    return new Schema.Parser().parse(text);
  }

  @Override
  public void setCompatibility(String subject, Compatibility compatibility) {
    send(
        "PUT",
        "config/" + encode(subject),
        json(Map.of("compatibility", compatibility.name())),
        "set compatibility");
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    JsonNode body =
        send(
            "POST",
            "compatibility/subjects/" + encode(subject) + "/versions/latest",
            schemaBody(schema),
            "test compatibility");
    return body.path("is_compatible").asBoolean(false);
  }

  private JsonNode send(String method, String path, String body, String what) {
    URI uri = baseUri.resolve(path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(requestTimeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(a -> request.header("Authorization", a));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (SSLException e) {
      throw new SchemaRegistryException(
          "TLS with the schema registry at " + baseUri + " failed (" + what + "): " + e
              + ". Does the truststore (schema.registry.ssl.truststore.location, else"
              + " ssl.truststore.location) hold the CA that signed its certificate?",
          0,
          0,
          e);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "schema registry at " + baseUri + " unreachable (" + what + "): " + e
              + ". Is it running? Start the embedded one with './hashstream platform'.",
          0,
          0,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("interrupted while asking " + uri, 0, 0, e);
    }
    JsonNode json = parse(response.body());
    int status = response.statusCode();
    if (status / 100 == 2) {
      return json;
    }
    int errorCode = json.path("error_code").asInt(0);
    String message =
        "schema registry refused to " + what + " (" + method + " " + uri + " -> HTTP " + status
            + "): " + json.path("message").asText(response.body());
    if (status == 401 || status == 403) {
      message += authorization.isPresent()
          ? " (the registry refused these credentials: check basic.auth.user.info)"
          : " (the registry wants credentials: set basic.auth.user.info in the client security"
              + " settings)";
    }
    if (status == 404) {
      throw new SchemaRegistryException.NotFound(message, errorCode);
    }
    if (status == 409) {
      throw new SchemaRegistryException.Incompatible(message, errorCode);
    }
    throw new SchemaRegistryException(message, status, errorCode, null);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", body);
    }
  }

  private static String schemaBody(Schema schema) {
    return json(Map.of("schema", schema.toString(), "schemaType", "AVRO"));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
