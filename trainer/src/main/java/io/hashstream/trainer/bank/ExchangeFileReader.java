package io.hashstream.trainer.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.MatchSignal;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the rows of a hash-list file in one of the {@link ExchangeFormat}s, checking each, line by
 * line: every row comes out as a {@link BankRow} or a {@link BadRow} with its line number and
 * reason (bad hex, wrong length, unknown signal type, a content id used twice for one signal, a
 * malformed line). Blank lines are skipped.
 *
 * <p><b>CSV.</b> Columns {@code hash,content_id,tags} by position, or by name when the first line is
 * a header (its first field is not a hash and it names a {@code hash}, {@code signal} or {@code pdq}
 * column): {@code hash|signal|pdq|pdq_hash}, {@code content_id|id}, {@code tags}, {@code
 * signal_type|type}, {@code quality}, {@code model_version}, {@code bits}. Fields may be quoted as
 * RFC 4180 says (a quoted field may not span lines). Tags are separated by spaces or semicolons. A
 * row without a content id gets its hash as the id.
 *
 * <p><b>JSON lines.</b> {@code signal} (required), {@code signal_type} ({@code pdq} when absent),
 * {@code content_id}, {@code tags} (an array or a string), {@code quality}, {@code model_version}
 * and {@code bits} (CroVCA codes).
 *
 * <p>Not thread-safe; one reader per file. Duplicates are remembered as 64-bit hashes of (signal,
 * content id), 16 bytes per row, so a 10M-row file needs about 160 MB.
 */
public final class ExchangeFileReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> COLUMN_NAMES = Map.ofEntries(
      Map.entry("hash", "signal"), Map.entry("signal", "signal"), Map.entry("pdq", "signal"),
      Map.entry("pdq_hash", "signal"), Map.entry("content_id", "content_id"),
      Map.entry("id", "content_id"), Map.entry("tags", "tags"), Map.entry("signal_type", "signal_type"),
      Map.entry("type", "signal_type"), Map.entry("quality", "quality"),
      Map.entry("model_version", "model_version"), Map.entry("bits", "bits"));
  private static final List<String> POSITIONAL = List.of("signal", "content_id", "tags");

  /** What each row becomes. */
  public interface RowSink {
    /** A good row. */
    void row(BankRow row);

    /** A bad row. */
    void bad(BadRow bad);
  }

  private final ExchangeFormat format;
  private final SeenIds seen = new SeenIds();
  private List<String> columns;
  private long line;

  public ExchangeFileReader(ExchangeFormat format) {
    this.format = format;
  }

  /** Reads every line of {@code in}, handing each row to {@code sink}; returns the lines read. */
  public long readAll(BufferedReader in, RowSink sink) throws IOException {
    for (String text = in.readLine(); text != null; text = in.readLine()) {
      line++;
      if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
        text = text.substring(1); // a byte-order mark
      }
      if (text.isBlank()) {
        continue;
      }
      try {
        BankRow row = format == ExchangeFormat.JSONL ? json(text) : csv(text);
        if (row == null) {
          continue; // the header
        }
        if (!seen.add(row.signal().name() + "\0" + row.modelVersion() + "\0" + row.contentId())) {
          throw new IllegalArgumentException("content id '" + row.contentId() + "' is used again for "
              + row.signal().name().toLowerCase(Locale.ROOT) + " (duplicate id)");
        }
        sink.row(row);
      } catch (IllegalArgumentException e) {
        sink.bad(new BadRow(line, e.getMessage()));
      }
    }
    return line;
  }

  private BankRow csv(String text) {
    List<String> fields = CsvFields.split(text);
    if (columns == null) {
      columns = header(fields);
      if (columns != null) {
        return null;
      }
      columns = POSITIONAL;
    }
    if (fields.size() > columns.size()) {
      throw new IllegalArgumentException(
          "has " + fields.size() + " fields, the file's columns are " + columns);
    }
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      values.put(columns.get(i), fields.get(i).trim());
    }
    String tagList = values.get("tags");
    List<String> tags = tagList == null || tagList.isBlank()
        ? List.of() : Arrays.asList(tagList.split("[;\\s]+"));
    return row(values.get("signal_type"), values.get("signal"), values.get("content_id"), tags,
        values.get("quality"), values.get("model_version"), values.get("bits"));
  }

  /** The columns a header line names, or null if the line is a row. */
  private static List<String> header(List<String> fields) {
    List<String> named = new ArrayList<>();
    for (String f : fields) {
      String column = COLUMN_NAMES.get(f.trim().toLowerCase(Locale.ROOT));
      if (column == null) {
        return null;
      }
      named.add(column);
    }
    return named.contains("signal") ? named : null;
  }

  private BankRow json(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    List<String> tags = new ArrayList<>();
    JsonNode t = node.get("tags");
    if (t != null && t.isArray()) {
      t.forEach(x -> tags.add(x.asText()));
    } else if (t != null && !t.isNull()) {
      tags.addAll(Arrays.asList(t.asText().trim().split("[;\\s]+")));
    }
    return row(text(node, "signal_type"), text(node, "signal"), text(node, "content_id"),
        tags, text(node, "quality"), text(node, "model_version"), text(node, "bits"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private BankRow row(String type, String signal, String contentId, List<String> tags,
      String quality, String modelVersion, String bits) {
    MatchSignal kind = type == null || type.isBlank() ? MatchSignal.PDQ : BankKeys.signalOfName(type);
    if (kind == null) {
      throw new IllegalArgumentException("unknown signal type '" + type + "' (pdq or crovca)");
    }
    if (signal == null || signal.isBlank()) {
      throw new IllegalArgumentException("no signal (hash)");
    }
    String hex = signal.trim().toLowerCase(Locale.ROOT);
    Integer codeBits = kind == MatchSignal.CROVCA ? number("bits", bits, hex.length() * 4) : null;
    if (kind == MatchSignal.CROVCA && (modelVersion == null || modelVersion.isBlank())) {
      throw new IllegalArgumentException("a crovca code needs its model_version");
    }
    BankKeys.requireHex(kind, codeBits, hex);
    String id = contentId == null || contentId.isBlank() ? hex : contentId.trim();
    if (!BankKeys.isValidContentId(id)) {
      throw new IllegalArgumentException("content id must be 1.." + BankKeys.MAX_CONTENT_ID_CHARS
          + " characters without control characters");
    }
    Integer q = quality == null || quality.isBlank() ? null : number("quality", quality, 0);
    if (q != null && (q < 0 || q > 100)) {
      throw new IllegalArgumentException("quality must be 0..100, was " + q);
    }
    return new BankRow(line, kind, hex, id, List.copyOf(tags), q,
        kind == MatchSignal.CROVCA ? modelVersion.trim() : null, codeBits);
  }

  private static int number(String name, String text, int orElse) {
    if (text == null || text.isBlank()) {
      return orElse;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
    }
  }
}
