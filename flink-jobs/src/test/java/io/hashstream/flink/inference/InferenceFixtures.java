package io.hashstream.flink.inference;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Real images, uploads and the default model for the inference tests. */
final class InferenceFixtures {
  private InferenceFixtures() {}

  /** A real photo (core's encoder fixtures, 112×112 PNG) re-encoded as a JPEG. */
  static byte[] photoJpeg(String name) throws Exception {
    String root = System.getProperty("hashstream.repo.root", "..");
    byte[] png = Files.readAllBytes(Path.of(root, "core/src/test/resources/encoder/images", name));
    return ImageFileWriter.jpeg(ImageDecoder.withDefaults().decode(png), 0.9f);
  }

  /** The first part of a JPEG: its scan data ends early. */
  static byte[] truncated(byte[] jpeg) {
    return Arrays.copyOf(jpeg, jpeg.length / 2);
  }

  static PendingUpload upload(String imageId) {
    PendingUpload u = new PendingUpload();
    u.tenant = "tenant-a";
    u.imageId = imageId;
    u.uploadedAt = 1_000;
    u.receivedAt = 2_000;
    u.sourceTopic = "images";
    u.sourcePartition = 3;
    u.sourceOffset = 42;
    u.sourceKey = ("key-" + imageId).getBytes();
    u.sourceValue = ("raw record of " + imageId).getBytes();
    return u;
  }

  static PendingUpload withBytes(String imageId, byte[] bytes) {
    PendingUpload u = upload(imageId);
    u.imageBytes = bytes;
    return u;
  }

  static PendingUpload withUri(String imageId, String uri) {
    PendingUpload u = upload(imageId);
    u.imageUri = uri;
    return u;
  }

  static PendingUpload withEmbedding(String imageId, float[] embedding) {
    PendingUpload u = upload(imageId);
    u.embedding = embedding;
    return u;
  }

  /** A plausible raw embedding of the bundled encoder (ReLU6 features are in [0, 6]). */
  static float[] embedding(int seed) {
    float[] e = new float[BundledEncoder.EMBEDDING_SIZE];
    for (int i = 0; i < e.length; i++) {
      e[i] = ((i * 31 + seed * 17) % 60) / 10f;
    }
    return e;
  }

  /** Loads the default model into the JVM's catalog; release it with its version. */
  static LoadedModel acquireDefaultModel() throws Exception {
    return ModelCatalog.shared()
        .acquire(ModelReference.ofDefault(), BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
  }
}
