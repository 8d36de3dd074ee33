package io.hashstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
  @Test
  void writesOrderedJsonWithNullForUnmeasuredFigures(@TempDir Path dir) throws Exception {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("p99", 12L);
    nested.put("rate", Double.NaN);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "pipeline");
    report.put("events_per_second_embeddings", 4321.5);
    report.put("not_measured", Double.POSITIVE_INFINITY);
    report.put("pending", null);
    report.put("list", Arrays.asList(1, Float.NaN, "x"));
    report.put("details", nested);
    Path out = dir.resolve("sub/pipeline.json");

    JsonReport.write(out, report);

    String text = Files.readString(out);
    assertThat(text).doesNotContain("NaN").doesNotContain("Infinity");
    JsonNode json = new ObjectMapper().readTree(text);
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly(
        "benchmark", "events_per_second_embeddings", "not_measured", "pending", "list", "details");
    assertThat(json.get("events_per_second_embeddings").asDouble()).isEqualTo(4321.5);
    assertThat(json.get("not_measured").isNull()).isTrue();
    assertThat(json.get("pending").isNull()).isTrue();
    assertThat(json.get("list").get(1).isNull()).isTrue();
    assertThat(json.get("details").get("p99").asLong()).isEqualTo(12);
    assertThat(json.get("details").get("rate").isNull()).isTrue();
    assertThat(dir.resolve("sub/pipeline.json.tmp")).doesNotExist();
  }

  @Test
  void rewritingReplacesTheFile(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("r.json");
    JsonReport.write(out, Map.of("a", 1));
    JsonReport.write(out, Map.of("b", 2));
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(json.has("a")).isFalse();
    assertThat(json.get("b").asInt()).isEqualTo(2);
  }

  @Test
  void rounds() {
    assertThat(JsonReport.round(1234.5678, 1)).isEqualTo(1234.6);
    assertThat(JsonReport.round(0.125, 2)).isEqualTo(0.13);
    assertThat(JsonReport.round(Double.NaN, 2)).isNaN();
  }
}
