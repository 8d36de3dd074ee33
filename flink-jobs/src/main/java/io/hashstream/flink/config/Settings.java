package io.hashstream.flink.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.util.TimeUtils;

/**
 * Reads typed values out of a map of settings, each error naming the key, what was expected and
 * what was given. Used once, while a {@link JobConfig} is built.
 */
final class Settings {
  private final Map<String, String> values;

  Settings(Map<String, String> values) {
    this.values = values;
  }

  /** A value that must be present and not empty. */
  String text(String key) {
    String v = optional(key);
    if (v.isEmpty()) {
      throw new IllegalArgumentException(key + " must not be empty");
    }
    return v;
  }

  /** A value that may be empty (its default is then decided by the caller). */
  String optional(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("no setting " + key + " (missing from the defaults file)");
    }
    return v;
  }

  int positive(String key) {
    return atLeast(key, 1);
  }

  int atLeast(String key, int min) {
    int v;
    try {
      v = Integer.parseInt(optional(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + optional(key) + "'");
    }
    if (v < min) {
      throw new IllegalArgumentException(
          key + " must be " + (min == 1 ? "positive" : ">= " + min) + ", got " + v);
    }
    return v;
  }

  int between(String key, int min, int max) {
    int v = atLeast(key, min);
    if (v > max) {
      throw new IllegalArgumentException(key + " must be at most " + max + ", got " + v);
    }
    return v;
  }

  boolean bool(String key) {
    String v = optional(key);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }
    return v.equals("true");
  }

  Duration duration(String key) {
    try {
      return TimeUtils.parseDuration(optional(key));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + " must be a duration such as 5ms or 2s, got '" + optional(key) + "'");
    }
  }

  Duration positiveDuration(String key) {
    Duration d = duration(key);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(key + " must be positive, got " + optional(key));
    }
    return d;
  }

  /** One of an enum's constants, written in any case ({@code auto}, {@code AUTO}). */
  <E extends Enum<E>> E choice(String key, Class<E> type) {
    String v = optional(key);
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      String allowed = String.join(", ",
          Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
      throw new IllegalArgumentException(key + " must be one of " + allowed + ", got '" + v + "'");
    }
  }

  /** A comma-separated list, items trimmed, empty items dropped. */
  static java.util.List<String> list(String value) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        out.add(item.strip());
      }
    }
    return out;
  }

  /** Every setting under {@code prefix}, with the prefix removed. */
  Map<String, String> withPrefix(String prefix) {
    TreeMap<String, String> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return Collections.unmodifiableMap(out);
  }
}
