package io.hashstream.bench.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a benchmark report: an ordered map of numbers, strings, lists and nested maps, as
 * indented JSON in the style of the other {@code benchmarks/results/*.json} files. A non-finite
 * double (a figure that could not be measured) is written as {@code null}, never as the
 * non-standard {@code NaN}. The file is replaced atomically, so a report written after every phase
 * of a long run is always complete JSON.
 */
public final class JsonReport {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  /** Writes {@code report} to {@code out}, replacing it atomically. */
  public static void write(Path out, Map<String, ?> report) throws IOException {
    Path target = out.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), clean(report));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code v} rounded to {@code digits} decimals (NaN and infinities pass through). */
  public static double round(double v, int digits) {
    if (!Double.isFinite(v)) {
      return v;
    }
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  /** A copy with every non-finite double (at any depth) replaced by null. */
  static Object clean(Object value) {
    if (value instanceof Double d && !Double.isFinite(d)) {
      return null;
    }
    if (value instanceof Float f && !Float.isFinite(f)) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, clean(v)));
      return out;
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(clean(v)));
      return out;
    }
    return value;
  }
}
