package io.hashstream.flink.state;

/**
 * What the index keeps per item besides its codes: the image id and upload time (for the alert a
 * later match produces) and the {@link CompactEmbedding} (to re-hash it under a new model). A Flink
 * POJO; one RocksDB entry per item.
 */
public final class IndexedItem {
  public String imageId;
  public long uploadedAt;
  public byte[] embedding;

  public IndexedItem() {}

  public IndexedItem(String imageId, long uploadedAt, byte[] embedding) {
    this.imageId = imageId;
    this.uploadedAt = uploadedAt;
    this.embedding = embedding;
  }
}
