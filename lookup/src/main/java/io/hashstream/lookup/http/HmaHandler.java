package io.hashstream.lookup.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.hashstream.code.CodeLength;
import io.hashstream.code.HexCodes;
import io.hashstream.lookup.bank.BankTable;
import io.hashstream.lookup.bank.BankTable.Hit;
import io.hashstream.pdq.PdqHash;
import io.hashstream.schemas.MatchSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HMA's (Hasher-Matcher-Actioner's) look-up API over the look-up service's {@link BankTable}, with
 * HMA's request parameters and response shapes, so that an HMA client works unchanged. Errors are
 * {@code {"message": "..."}} with the status, as HMA's are.
 *
 * <table>
 *   <caption>Supported endpoints</caption>
 *   <tr><td>{@code GET /m/raw_lookup?signal_type=&signal=[&include_distance=][&banks=]}</td>
 *       <td>{@code {"matches": [id, ...]}}, or {@code [{"bank_content_id": id, "distance": "4"}]}</td></tr>
 *   <tr><td>{@code GET /m/lookup?signal_type=&signal=[&banks=]}</td>
 *       <td>{@code {"BANK": [{"bank_content_id": id, "distance": "4"}]}}</td></tr>
 *   <tr><td>{@code POST /m/lookup} (multipart file, field {@code photo})</td>
 *       <td>the same per signal type: {@code {"pdq": {...}, "crovca": {...}}}</td></tr>
 *   <tr><td>{@code POST /h/hash} (multipart file)</td><td>{@code {"pdq": "...", "crovca": "..."}}</td></tr>
 *   <tr><td>{@code GET /m/index/status[?signal_type=]}</td>
 *       <td>{@code {"pdq": {"built_to": seconds, "present": true, "size": n}, ...}}</td></tr>
 *   <tr><td>{@code GET /c/banks}, {@code GET /c/bank/NAME}</td>
 *       <td>{@code [{"name": "...", "matching_enabled_ratio": 1.0}]}, one of them</td></tr>
 *   <tr><td>{@code GET /c/bank/NAME/content/ID[?include_signals=true]}</td><td>the content</td></tr>
 * </table>
 *
 * <p>Differences from HMA: banks are changed through {@code bank-signals} ({@code hashstream
 * bank}), so every write under {@code /c/} answers 405; nothing is fetched from a URL ({@code url}
 * parameters answer 400); {@code matching_enabled_ratio} is always 1.0 (no coin flip); PDQ is
 * matched on the hash as given (not its rotations), as HMA does. {@code crovca} signals are codes
 * of the service's model version.
 */
final class HmaHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HmaHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PHOTO = "photo";

  private final BankTable table;
  private final BooleanSupplier ready;
  private final ImageSignals images;
  private final int pdqRadius;
  private final int crovcaRadius;
  private final int maxUploadBytes;

  HmaHandler(BankTable table, BooleanSupplier ready, ImageSignals images, int pdqRadius,
      int crovcaRadius, int maxUploadBytes) {
    this.table = table;
    this.ready = ready;
    this.images = images;
    this.pdqRadius = pdqRadius;
    this.crovcaRadius = crovcaRadius;
    this.maxUploadBytes = maxUploadBytes;
  }

  /** An answer with a status; thrown to end a request early. */
  static final class HmaError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HmaError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    int status = 200;
    Object body;
    try {
      body = route(ex);
    } catch (HmaError e) {
      status = e.status;
      body = Map.of("message", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      status = 500;
      body = Map.of("message", "internal error: " + e.getClass().getSimpleName());
    }
    byte[] bytes = bytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private Object route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    List<String> parts = new ArrayList<>(Arrays.asList(path.split("/")));
    parts.removeIf(String::isEmpty);
    if (!parts.isEmpty() && parts.get(0).equals("c") && !method.equals("GET")) {
      throw new HmaError(405, "banks are read-only here: change them with './hashstream bank'"
          + " (the compacted topic bank-signals)");
    }
    String route = String.join("/", parts);
    return switch (method + " " + (parts.size() >= 2 && parts.get(0).equals("c")
        && parts.get(1).equals("bank") ? "c/bank/*" : route)) {
      case "GET m/raw_lookup" -> rawLookup(q);
      case "GET m/lookup" -> lookupGet(q);
      case "POST m/lookup" -> lookupPost(ex, q);
      case "POST h/hash" -> hashPost(ex);
      case "GET h/hash" -> throw new HmaError(400,
          "url is not supported: hashstream fetches nothing; POST the file");
      case "GET m/index/status" -> indexStatus(q);
      case "GET c/banks" -> banks();
      case "GET c/bank/*" -> bank(parts, q);
      default -> throw new HmaError(404, "no such endpoint: " + method + " " + path
          + " (see the look-up service's README for the supported HMA endpoints)");
    };
  }

  private Map<String, Object> rawLookup(Map<String, String> q) {
    String signal = require(q, "signal");
    String type = require(q, "signal_type");
    boolean withDistance = bool(q.getOrDefault("include_distance", "false"));
    List<Hit> hits = lookup(type, signal, banksOf(q));
    List<Object> matches = new ArrayList<>();
    for (Hit h : hits) {
      matches.add(withDistance ? withDistance(h) : h.entry().bankContentId());
    }
    return Map.of("matches", matches);
  }

  private Map<String, Object> lookupGet(Map<String, String> q) {
    if (q.containsKey("url")) {
      throw new HmaError(400, "url is not supported: hashstream fetches nothing; POST the file");
    }
    String signal = q.get("signal");
    String type = q.get("signal_type");
    if (signal == null || type == null) {
      throw new HmaError(400, "Either url or both signal and signal_type are required");
    }
    return byBank(lookup(type, signal, banksOf(q)));
  }

  private Map<String, Object> lookupPost(HttpExchange ex, Map<String, String> q) throws IOException {
    requireReady();
    ImageSignals.Signals s = images.hash(upload(ex));
    Set<String> banks = banksOf(q);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pdq", byBank(lookup("pdq", s.pdq(), banks)));
    out.put("crovca", byBank(lookup("crovca", s.crovca(), banks)));
    return out;
  }

  private Map<String, Object> hashPost(HttpExchange ex) throws IOException {
    ImageSignals.Signals s = images.hash(upload(ex));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pdq", s.pdq());
    out.put("crovca", s.crovca());
    return out;
  }

  /** The one file of a multipart upload, in field {@code photo} (HMA's content type name). */
  private byte[] upload(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(maxUploadBytes + 1);
    }
    if (body.length > maxUploadBytes) {
      throw new HmaError(413, "the upload is larger than " + maxUploadBytes + " bytes");
    }
    List<MultipartForm.Part> files;
    try {
      files = MultipartForm.parse(ex.getRequestHeaders().getFirst("Content-Type"), body).stream()
          .filter(p -> p.fileName() != null).toList();
    } catch (IllegalArgumentException e) {
      throw new HmaError(400, e.getMessage());
    }
    if (files.size() != 1) {
      throw new HmaError(400, files.isEmpty() ? "Missing multipart/form-data file upload"
          : "Only one file allowed per request");
    }
    if (!files.get(0).name().equals(PHOTO)) {
      throw new HmaError(400, "no such content_type: '" + files.get(0).name() + "'");
    }
    return files.get(0).bytes();
  }

  private Map<String, Object> indexStatus(Map<String, String> q) {
    String only = q.get("signal_type");
    if (only != null && !only.equals("pdq") && !only.equals("crovca")) {
      throw new HmaError(400, "No such signal type '" + only + "'");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    table.status().forEach((signal, st) -> {
      String name = signal == MatchSignal.PDQ ? "pdq" : "crovca";
      if (only == null || only.equals(name)) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("built_to", st.newestAddedAtMillis() < 0 ? -1 : st.newestAddedAtMillis() / 1000);
        s.put("present", ready.getAsBoolean());
        s.put("size", st.size());
        out.put(name, s);
      }
    });
    return out;
  }

  private List<Object> banks() {
    List<Object> out = new ArrayList<>();
    table.banks().forEach(b -> out.add(bankConfig(b)));
    return out;
  }

  private Object bank(List<String> parts, Map<String, String> q) {
    if (parts.size() < 3) {
      throw new HmaError(404, "no bank named");
    }
    String name = parts.get(2);
    if (!table.banks().contains(name)) {
      throw new HmaError(404, "bank '" + name + "' not found");
    }
    if (parts.size() == 3) {
      return bankConfig(name);
    }
    if (parts.size() != 5 || !parts.get(3).equals("content")) {
      throw new HmaError(404, "no such endpoint under /c/bank/" + name);
    }
    long id;
    try {
      id = Long.parseLong(parts.get(4));
    } catch (NumberFormatException e) {
      throw new HmaError(404, "content '" + parts.get(4) + "' not found");
    }
    List<BankTable.Entry> signals = table.content(name, id)
        .orElseThrow(() -> new HmaError(404, "content '" + parts.get(4) + "' not found"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("disable_until_ts", 1); // HMA's "enabled"
    out.put("original_media_uri", null);
    out.put("bank", bankConfig(name));
    if (bool(q.getOrDefault("include_signals", "false"))) {
      Map<String, String> bySignal = new TreeMap<>();
      for (BankTable.Entry e : signals) {
        boolean pdq = e.signal() == MatchSignal.PDQ;
        if (pdq || images.modelVersion().equals(e.modelVersion())
            || !bySignal.containsKey("crovca")) {
          bySignal.put(pdq ? "pdq" : "crovca", e.hex());
        }
      }
      out.put("signals", bySignal);
    }
    out.put("metadata", Map.of("content_id", signals.get(0).contentId()));
    out.put("note", null);
    return out;
  }

  private static Map<String, Object> bankConfig(String name) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("name", name);
    b.put("matching_enabled_ratio", 1.0);
    return b;
  }

  /** Looks a signal up: PDQ hex of 64 digits, or a CroVCA code of the service's model. */
  private List<Hit> lookup(String type, String signal, Set<String> banks) {
    requireReady();
    return switch (type) {
      case "pdq" -> {
        long[] hash;
        try {
          hash = PdqHash.fromHex(signal, 100).code();
        } catch (IllegalArgumentException e) {
          throw new HmaError(400, "invalid signal: " + e.getMessage());
        }
        yield table.lookupPdq(hash, pdqRadius, banks);
      }
      case "crovca" -> {
        long[] code;
        try {
          code = HexCodes.decode(signal);
          CodeLength.ofBits(signal.length() * 4);
        } catch (IllegalArgumentException e) {
          throw new HmaError(400, "invalid signal: " + e.getMessage());
        }
        yield table.lookupCode(images.modelVersion(), code, crovcaRadius, banks);
      }
      default -> throw new HmaError(400, "No such SignalType '" + type + "'");
    };
  }

  private void requireReady() {
    if (!ready.getAsBoolean()) {
      throw new HmaError(503, "index not yet ready");
    }
  }

  private static Map<String, Object> byBank(List<Hit> hits) {
    Map<String, Object> out = new TreeMap<>();
    for (Hit h : hits) {
      @SuppressWarnings("unchecked")
      List<Object> ofBank = (List<Object>) out.computeIfAbsent(h.entry().bank(), b -> new ArrayList<>());
      ofBank.add(withDistance(h));
    }
    return out;
  }

  private static Map<String, Object> withDistance(Hit h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bank_content_id", h.entry().bankContentId());
    m.put("distance", Integer.toString(h.distance()));
    return m;
  }

  private static Set<String> banksOf(Map<String, String> q) {
    String banks = q.get("banks");
    if (banks == null || banks.isBlank()) {
      return null;
    }
    return new LinkedHashSet<>(Arrays.asList(banks.split(",")));
  }

  private static String require(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null) {
      throw new HmaError(400, name + " is required");
    }
    return v;
  }

  private static boolean bool(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new HmaError(400, "invalid boolean parameter - prefer true/false");
    };
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    if (raw.length() > 8192) {
      throw new HmaError(414, "query string too long");
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.putIfAbsent(k, v);
    }
    return q;
  }

  private static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
