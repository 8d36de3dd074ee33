package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The format v1 sample file: this build must read it, decode exactly its content, write the same
 * bytes for that content, and hash with it to the pinned codes.
 */
class GoldenModelArtifactTest {
  static byte[] golden() throws IOException {
    try (InputStream in = GoldenModelArtifactTest.class.getResourceAsStream(GoldenModelArtifact.RESOURCE)) {
      assertThat(in).as(GoldenModelArtifact.RESOURCE).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void readsTheV1SampleFile() throws IOException {
    byte[] bytes = golden();
    assertThat(HexFormat.of().formatHex(bytes, 0, 12)).isEqualTo("8948534d4f44454c00010000");
    ModelArtifact artifact = ModelArtifact.fromBytes(bytes, GoldenModelArtifact.RESOURCE);
    assertThat(artifact).isEqualTo(GoldenModelArtifact.expected());
    assertThat(artifact.version().id()).isEqualTo("golden-v1-16");
    assertThat(artifact.command()).isEqualTo("hashstream train --golden \u00e9");
  }

  @Test
  void writesTheSameBytesForTheSameContent() throws IOException {
    assertThat(GoldenModelArtifact.expected().toBytes()).isEqualTo(golden());
  }

  @Test
  void hashesToThePinnedCodes() throws IOException {
    ModelArtifact artifact = ModelArtifact.fromBytes(golden(), GoldenModelArtifact.RESOURCE);
    float[] x = GoldenModelArtifact.inputs();
    try (HashCoderSession session = HashCoderSession.open(artifact)) {
      long[] codes = session.codes(x, 4);
      assertThat(codes).containsExactly(ModelFixtures.oracleCodes(artifact.weights(), x, 4));
      assertThat(codes).containsExactly(PINNED_CODES);
    }
  }

  /** Computed once by {@link ModelFixtures#oracleCodes} from the v1 file. */
  static final long[] PINNED_CODES = {0xc1f3L, 0xe1c3L, 0xd1f3L, 0xd9c3L};
}
