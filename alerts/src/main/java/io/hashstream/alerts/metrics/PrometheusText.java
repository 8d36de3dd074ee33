package io.hashstream.alerts.metrics;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: per metric family one {@code #
 * HELP} and one {@code # TYPE} line, then its samples {@code name{label="value",...} value}, one a
 * line, {@code \n}-terminated. Names and label names are checked; label values and help texts are
 * escaped ({@code \\}, {@code \"}, {@code \n}); values are written as Prometheus reads them ({@code
 * NaN}, {@code +Inf}, {@code -Inf}, integers without a fraction). Not thread-safe: one per scrape.
 *
 * <pre>{@code
 * PrometheusText out = new PrometheusText();
 * out.family("hashstream_moderation_actions_total", PrometheusText.COUNTER, "Actions emitted");
 * out.sample("hashstream_moderation_actions_total", 3, "action", "BLOCK");
 * String body = out.text();
 * }</pre>
 */
public final class PrometheusText {
  /** The Content-Type of this format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  public static final String COUNTER = "counter";
  public static final String GAUGE = "gauge";
  public static final String HISTOGRAM = "histogram";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of(COUNTER, GAUGE, HISTOGRAM, "summary", "untyped");

  private final StringBuilder out = new StringBuilder(4096);
  private final Set<String> families = new HashSet<>();

  /**
   * Starts a metric family: its {@code # HELP} and {@code # TYPE} lines.
   *
   * @throws IllegalArgumentException for a bad name or type, or a family declared twice
   */
  public PrometheusText family(String name, String type, String help) {
    checkName(name);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("not a Prometheus metric type: " + type);
    }
    if (!families.add(name)) {
      throw new IllegalArgumentException("metric family declared twice: " + name);
    }
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /**
   * One sample.
   *
   * @param name the family's name, or for a histogram its {@code _bucket}, {@code _sum} or {@code
   *     _count} series
   * @param labels label names and values, alternating
   */
  public PrometheusText sample(String name, double value, String... labels) {
    checkName(name);
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    out.append(name);
    if (labels.length > 0) {
      out.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        if (!LABEL_NAME.matcher(labels[i]).matches() || labels[i].startsWith("__")) {
          throw new IllegalArgumentException("not a Prometheus label name: " + labels[i]);
        }
        out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escapeLabelValue(labels[i + 1])).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(number(value)).append('\n');
    return this;
  }

  /** What has been written. */
  public String text() {
    return out.toString();
  }

  /** A value as the format writes it. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static String escapeLabelValue(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static void checkName(String name) {
    if (name == null || !METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Prometheus metric name: " + name);
    }
  }
}
