package io.hashstream.flink.swap;

import io.hashstream.flink.model.ModelReference;
import io.hashstream.schemas.ModelUpdate;

/**
 * A {@link ModelReference} in a form Flink state can hold (a POJO): the model a slot serves.
 */
public final class SlotModel implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public String version;
  public int bits;
  public String encoderId;
  public int embeddingSize;
  public String artifactUri;
  public String artifactSha256;

  public SlotModel() {}

  public static SlotModel of(ModelReference r) {
    SlotModel m = new SlotModel();
    m.version = r.version();
    m.bits = r.bits();
    m.encoderId = r.encoderId();
    m.embeddingSize = r.embeddingSize();
    m.artifactUri = r.artifactUri();
    m.artifactSha256 = r.artifactSha256();
    return m;
  }

  public ModelReference reference() {
    return new ModelReference(version, bits, encoderId, embeddingSize, artifactUri, artifactSha256);
  }

  /** The control message that asks to prepare or activate this model. */
  public ModelUpdate toUpdate(io.hashstream.schemas.SwapStage stage, long nowMillis, String by) {
    return ModelUpdate.newBuilder()
        .setVersion(version)
        .setBits(bits)
        .setEncoderId(encoderId)
        .setEmbeddingSize(embeddingSize)
        .setArtifactUri(artifactUri)
        .setArtifactSha256(artifactSha256)
        .setCreatedAt(java.time.Instant.ofEpochMilli(nowMillis))
        .setCreatedBy(by)
        .setStage(stage)
        .build();
  }

  @Override
  public String toString() {
    return version;
  }
}
