package io.hashstream.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.SwapStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSigningTest {
  private static final KeyPair KEYS = ModelSigning.generateKeyPair();
  private static final Map<String, java.security.PublicKey> TRUSTED =
      Map.of(ModelSigning.keyId(KEYS.getPublic()), KEYS.getPublic());

  @TempDir Path dir;

  private static ModelUpdate signed() {
    return ModelSigning.sign(SampleRecords.modelUpdate(), KEYS.getPrivate(), KEYS.getPublic());
  }

  @Test
  void aSignedUpdateVerifiesWithTheTrustedKey() {
    ModelUpdate u = signed();
    assertThat(u.getSigningKeyId()).isEqualTo(ModelSigning.keyId(KEYS.getPublic())).hasSize(16);
    assertThat(u.getSignature().remaining()).isEqualTo(64);
    assertThat(ModelSigning.verify(u, TRUSTED).valid()).isTrue();
  }

  @Test
  void changingAnySignedFieldBreaksTheSignature() {
    List<UnaryOperator<ModelUpdate.Builder>> changes = List.of(
        b -> b.setVersion("other"), b -> b.setBits(128), b -> b.setEncoderId("other@1"),
        b -> b.setEmbeddingSize(768), b -> b.setArtifactUri("file:///etc/passwd"),
        b -> b.setArtifactSha256("cd".repeat(32)), b -> b.setCreatedAt(Instant.EPOCH),
        b -> b.setStage(SwapStage.ACTIVATE), b -> b.setRollbackOf("x"));
    for (UnaryOperator<ModelUpdate.Builder> change : changes) {
      ModelUpdate changed = change.apply(ModelUpdate.newBuilder(signed())).build();
      assertThat(ModelSigning.verify(changed, TRUSTED).problem()).contains("does not match");
    }
    ModelUpdate informational = ModelUpdate.newBuilder(signed()).setCreatedBy("someone else")
        .setMetrics(Map.of("loss", 9.0)).build();
    assertThat(ModelSigning.verify(informational, TRUSTED).valid()).as("not signed fields").isTrue();
  }

  @Test
  void unsignedAndUntrustedUpdatesSaySo() {
    assertThat(ModelSigning.verify(ModelUpdate.newBuilder(signed()).setSignature(null).build(), TRUSTED).problem())
        .contains("not signed");
    KeyPair other = ModelSigning.generateKeyPair();
    ModelUpdate foreign = ModelSigning.sign(SampleRecords.modelUpdate(), other.getPrivate(), other.getPublic());
    assertThat(ModelSigning.verify(foreign, TRUSTED).problem()).contains("does not trust");
    assertThat(ModelSigning.verify(signed(), Map.of()).problem()).contains("no key");
    ModelUpdate lying = ModelUpdate.newBuilder(foreign).setSigningKeyId(ModelSigning.keyId(KEYS.getPublic())).build();
    assertThat(ModelSigning.verify(lying, TRUSTED).valid()).as("another key's signature under our id").isFalse();
  }

  @Test
  void keysRoundTripThroughPemFilesAndThePrivateOneIsTheOwnersOnly() throws Exception {
    ModelSigning.writePrivateKey(dir.resolve("k.key"), KEYS.getPrivate());
    ModelSigning.writePublicKey(dir.resolve("k.pub"), KEYS.getPublic());
    assertThat(Files.readString(dir.resolve("k.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key")))).isEqualTo("rw-------");
    ModelUpdate u = ModelSigning.sign(SampleRecords.modelUpdate(),
        ModelSigning.readPrivateKey(dir.resolve("k.key")), ModelSigning.readPublicKey(dir.resolve("k.pub")));
    assertThat(ModelSigning.verify(u, TRUSTED).valid()).isTrue();
    assertThat(ModelSigning.publicKeyBeside(dir.resolve("k.key"))).contains(KEYS.getPublic());
    Files.writeString(dir.resolve("bad.pub"), "not a key");
    assertThatThrownBy(() -> ModelSigning.readPublicKey(dir.resolve("bad.pub"))).hasMessageContaining("PUBLIC KEY");
  }
}
