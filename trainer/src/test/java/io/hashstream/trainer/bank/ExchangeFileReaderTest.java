package io.hashstream.trainer.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.schemas.MatchSignal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeFileReaderTest {
  static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  static final String H2 = "0123456789abcdef".repeat(4);

  @Test
  void csvWithoutHeaderIsHashContentIdTagsAndAMissingIdIsTheHash() throws IOException {
    Read r = read(ExchangeFormat.CSV, H1 + ",case-1,spam ring-7\n\n" + H2.toUpperCase() + "\n");

    assertThat(r.bad).isEmpty();
    assertThat(r.rows).extracting(BankRow::line).containsExactly(1L, 3L);
    assertThat(r.rows.get(0).contentId()).isEqualTo("case-1");
    assertThat(r.rows.get(0).tags()).containsExactly("spam", "ring-7");
    assertThat(r.rows.get(1).hex()).isEqualTo(H2);
    assertThat(r.rows.get(1).contentId()).isEqualTo(H2);
    assertThat(r.rows).allSatisfy(row -> assertThat(row.signal()).isEqualTo(MatchSignal.PDQ));
  }

  @Test
  void aCsvHeaderNamesTheColumnsInAnyOrderAndQuotedFieldsMayHoldCommas() throws IOException {
    Read r = read(ExchangeFormat.CSV, "\uFEFFcontent_id,quality,hash,tags\n"
        + "\"id,with \"\"comma\"\"\",90," + H1 + ",a;b\n");

    assertThat(r.bad).isEmpty();
    BankRow row = r.rows.get(0);
    assertThat(row.line()).isEqualTo(2);
    assertThat(row.contentId()).isEqualTo("id,with \"comma\"");
    assertThat(row.quality()).isEqualTo(90);
    assertThat(row.tags()).containsExactly("a", "b");
  }

  @Test
  void everyBadRowIsReportedWithItsLineNumberAndReason() throws IOException {
    Read r = read(ExchangeFormat.CSV, String.join("\n",
        H1 + ",ok-1",
        H1.substring(2) + ",short",
        "zz" + H1.substring(2) + ",not-hex",
        H2 + ",ok-1",
        H2 + ",\"open quote",
        H2 + ",ok-2,t,extra"));

    assertThat(r.rows).extracting(BankRow::contentId).containsExactly("ok-1");
    assertThat(r.bad).extracting(BadRow::line).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(r.bad.get(0).reason()).contains("64 hex digits, got 62");
    assertThat(r.bad.get(1).reason()).contains("not a hex digit at 1");
    assertThat(r.bad.get(2).reason()).contains("duplicate id");
    assertThat(r.bad.get(3).reason()).contains("does not close");
    assertThat(r.bad.get(4).reason()).contains("4 fields");
  }

  @Test
  void jsonLinesCarryTypeSignalIdTagsAndCrovcaCodesTheirModelVersion() throws IOException {
    Read r = read(ExchangeFormat.JSONL, String.join("\n",
        "{\"signal_type\":\"pdq\",\"signal\":\"" + H1 + "\",\"content_id\":\"a\",\"tags\":[\"x\"]}",
        "{\"signal\":\"" + H2 + "\",\"content_id\":\"b\",\"tags\":\"y z\"}",
        "{\"signal_type\":\"crovca\",\"signal\":\"00000000000000ff\",\"content_id\":\"a\","
            + "\"model_version\":\"crovca-64-v1\"}",
        "{\"signal_type\":\"md5\",\"signal\":\"abc\"}",
        "{\"signal_type\":\"crovca\",\"signal\":\"00ff\",\"content_id\":\"c\"}",
        "not json",
        "[1,2]"));

    assertThat(r.rows).extracting(BankRow::contentId).containsExactly("a", "b", "a");
    assertThat(r.rows.get(1).tags()).containsExactly("y", "z");
    BankRow code = r.rows.get(2);
    assertThat(code.signal()).isEqualTo(MatchSignal.CROVCA);
    assertThat(code.bits()).isEqualTo(64);
    assertThat(code.modelVersion()).isEqualTo("crovca-64-v1");
    assertThat(r.bad).extracting(BadRow::line).containsExactly(4L, 5L, 6L, 7L);
    assertThat(r.bad.get(0).reason()).contains("unknown signal type 'md5'");
    assertThat(r.bad.get(1).reason()).contains("model_version");
    assertThat(r.bad.get(2).reason()).contains("not a JSON object");
  }

  private record Read(List<BankRow> rows, List<BadRow> bad) {}

  private static Read read(ExchangeFormat format, String text) throws IOException {
    Read r = new Read(new ArrayList<>(), new ArrayList<>());
    new ExchangeFileReader(format).readAll(new BufferedReader(new StringReader(text)),
        new ExchangeFileReader.RowSink() {
          @Override
          public void row(BankRow row) {
            r.rows.add(row);
          }

          @Override
          public void bad(BadRow bad) {
            r.bad.add(bad);
          }
        });
    return r;
  }
}
