package io.hashstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BankKeysTest {
  @Test
  void aKeyNamesBankSignalAndContentAndSurvivesSlashesInTheContentId() {
    String key = BankKeys.key("STOP_NCII", MatchSignal.PDQ, null, "case/2024/17");

    assertThat(key).isEqualTo("STOP_NCII/pdq/case/2024/17");
    assertThat(BankKeys.bankOf(key)).isEqualTo("STOP_NCII");
    assertThat(BankKeys.contentIdOf(key)).isEqualTo("case/2024/17");
    assertThat(BankKeys.key("b", MatchSignal.CROVCA, "crovca-64-v1", "x"))
        .isEqualTo("b/crovca@crovca-64-v1/x");
  }

  @Test
  void badPartsAreRefused() {
    assertThatThrownBy(() -> BankKeys.key("has/slash", MatchSignal.PDQ, null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BankKeys.key("b", MatchSignal.PDQ, null, "tab\there"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BankKeys.key("b", MatchSignal.CROVCA, null, "x"))
        .hasMessageContaining("model version");
    assertThat(BankKeys.contentIdOf("no-slashes")).isNull();
    assertThat(BankKeys.bankOf("/pdq/x")).isNull();
  }

  @Test
  void idsAreStableAndTheContentIdIsA53BitNumberSharedByItsSignals() {
    long pdq = BankKeys.entryId(BankKeys.key("b", MatchSignal.PDQ, null, "c1"));
    long crovca = BankKeys.entryId(BankKeys.key("b", MatchSignal.CROVCA, "v1", "c1"));

    assertThat(pdq).isNotEqualTo(crovca);
    assertThat(BankKeys.entryId("b/pdq/c1")).isEqualTo(pdq);
    long content = BankKeys.bankContentId("b", "c1");
    assertThat(content).isBetween(0L, (1L << 53) - 1).isEqualTo(BankKeys.bankContentId("b", "c1"));
    assertThat(BankKeys.bankContentId("b", "c2")).isNotEqualTo(content);
    // pinned, so that every tool and every release computes the same ids
    assertThat(BankKeys.bankContentId("STOP_NCII", "1")).isEqualTo(4376219206183929L);
    assertThat(BankKeys.entryId("STOP_NCII/pdq/1")).isEqualTo(-5167967318051290756L);
  }

  @Test
  void aRecordIsValidOnlyUnderItsOwnKeyWithItsDerivedIdAndWellFormedHex() {
    BankSignal good = SampleRecords.bankSignal();
    String key = BankKeys.keyOf(good);
    BankKeys.requireValid(key, good);

    assertThatThrownBy(() -> BankKeys.requireValid("known-spam/pdq/other", good))
        .hasMessageContaining("is not the entry's key");
    assertThatThrownBy(() -> BankKeys.requireValid(key,
        BankSignal.newBuilder(good).setBankContentId(7).build())).hasMessageContaining("bankContentId");
    assertThatThrownBy(() -> BankKeys.requireValid(key,
        BankSignal.newBuilder(good).setSignal(good.getSignal().substring(1)).build()))
        .hasMessageContaining("64 hex digits, got 63");
    assertThatThrownBy(() -> BankKeys.requireValid(key,
        BankSignal.newBuilder(good).setSignal("g" + good.getSignal().substring(1)).build()))
        .hasMessageContaining("not a hex digit at 1");
    assertThatThrownBy(() -> BankKeys.requireValid(key,
        BankSignal.newBuilder(good).setQuality(101).build())).hasMessageContaining("quality");
    assertThatThrownBy(() -> BankKeys.requireValid(key,
        BankSignal.newBuilder(good).setVerdict(Verdict.UNKNOWN).build())).hasMessageContaining("verdict");
    assertThatThrownBy(() -> BankKeys.requireHex(MatchSignal.CROVCA, 48, "0".repeat(12)))
        .hasMessageContaining("16, 32, 64, 128 or 256");
    BankKeys.requireHex(MatchSignal.CROVCA, 64, "0123456789abcdef");
  }

  @Test
  void signalNamesAreReadInAnyCase() {
    assertThat(BankKeys.signalOfName(" PDQ ")).isEqualTo(MatchSignal.PDQ);
    assertThat(BankKeys.signalOfName("crovca")).isEqualTo(MatchSignal.CROVCA);
    assertThat(BankKeys.signalOfName("md5")).isNull();
  }
}
