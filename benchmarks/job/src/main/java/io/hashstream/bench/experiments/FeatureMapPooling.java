package io.hashstream.bench.experiments;

import java.util.Locale;

/**
 * Global poolings of an encoder's last feature map, given flattened channel-major ({@code [C·h·w]},
 * as {@code tools/nsfwjs-onnx --feature-map} outputs it): {@code gap} (average, what the bundled
 * encoder's {@code embedding} is), {@code gemP} (generalised mean with exponent P, e.g. {@code
 * gem3}, Radenović et al.; eps 1e-6 as cirtorch) and {@code mac} (max). Stateless.
 */
final class FeatureMapPooling {
  private static final double EPS = 1e-6;

  private FeatureMapPooling() {}

  /**
   * Pools one map.
   *
   * @param map the flattened map, {@code channels · cells} floats
   * @param channels C
   * @param kind {@code gap}, {@code mac} or {@code gem<p>}
   * @return C floats
   */
  static float[] pool(float[] map, int channels, String kind) {
    int cells = map.length / channels;
    if (cells * channels != map.length) {
      throw new IllegalArgumentException(map.length + " floats are not " + channels + " channels");
    }
    String k = kind.toLowerCase(Locale.ROOT);
    float[] out = new float[channels];
    for (int c = 0; c < channels; c++) {
      int base = c * cells;
      double acc = k.equals("mac") ? Double.NEGATIVE_INFINITY : 0;
      double p = k.startsWith("gem") ? Double.parseDouble(k.substring(3)) : 1;
      for (int i = 0; i < cells; i++) {
        double v = map[base + i];
        if (k.equals("mac")) {
          acc = Math.max(acc, v);
        } else if (k.equals("gap")) {
          acc += v;
        } else {
          acc += Math.pow(Math.max(v, EPS), p);
        }
      }
      out[c] =
          (float)
              switch (k) {
                case "mac" -> acc;
                case "gap" -> acc / cells;
                default -> Math.pow(acc / cells, 1 / p);
              };
    }
    return out;
  }
}
