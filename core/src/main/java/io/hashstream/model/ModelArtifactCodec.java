package io.hashstream.model;

import io.hashstream.encoder.EmbeddingPostprocessor;
import io.hashstream.model.HashCoderWeights.Tensor;
import io.hashstream.model.InvalidModelArtifactException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Model artifact bytes, format v1 or v2. Every number is big-endian; a string is an {@code int32} byte
 * count followed by that many UTF-8 bytes; floats are IEEE 754 binary32, doubles binary64.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic 0x89 'H' 'S' 'M' 'O' 'D' 'E' 'L'   (89 48 53 4D 4F 44 45 4C)
 * 8       2     format version, uint16 = 1 or 2
 * 10      2     flags, uint16 = 0 (reserved; a reader rejects any other value)
 * 12      8     body length L, int64
 * 20      L     body:
 *                 string   model version id
 *                 string   encoder id
 *                 int32    embedding size d
 *                 int32    bits b
 *                 int32    hidden width h (v2 only; v1 means h = d)
 *                 int64    created at, epoch milliseconds (UTC)
 *                 string   command line that made the artifact
 *                 int64    post-processor sample count
 *                 float32  post-processor mean, d values (square-root domain)
 *                 int32    metric count k; then k x (string name, float64 value), sorted by name
 *                 int32    tensor count (8); then per tensor, in {@link Tensor} order:
 *                            string name, int32 rank, rank x int32 dims, float32 values (row-major)
 * 20+L    32    sha256 of bytes [0, 20+L)
 * </pre>
 *
 * <p>A reader checks, in order: the magic ({@link Reason#BAD_MAGIC}), the version and flags
 * ({@link Reason#UNSUPPORTED_FORMAT_VERSION}), that the file holds the whole body and digest
 * ({@link Reason#TRUNCATED}), the digest ({@link Reason#DIGEST_MISMATCH}), then every field
 * ({@link Reason#MALFORMED}): names, shapes and sizes must be exactly the format's. Stateless.
 *
 * <p>A model whose hidden layer is as wide as its input is written as v1, byte for byte as before
 * v2 existed (so its sha256, which control messages carry, does not change); only a narrower or
 * wider hidden layer needs v2, which older builds refuse as an unsupported version.
 */
final class ModelArtifactCodec {
  /** The newest format this build writes and reads. */
  static final int FORMAT_VERSION = 2;
  private static final int FORMAT_V1 = 1;
  static final int HEADER_BYTES = 20;
  static final int DIGEST_BYTES = 32;
  private static final byte[] MAGIC = {(byte) 0x89, 'H', 'S', 'M', 'O', 'D', 'E', 'L'};

  private ModelArtifactCodec() {}

  static byte[] encode(ModelArtifact artifact) {
    HashCoderWeights weights = artifact.weights();
    int d = weights.embeddingSize();
    int h = weights.hiddenWidth();
    int bits = weights.bits();
    int format = h == d ? FORMAT_V1 : FORMAT_VERSION;
    EmbeddingPostprocessor post = artifact.postprocessor();
    Body body = new Body();
    body.string(artifact.version().id());
    body.string(post.encoderId());
    body.int32(d);
    body.int32(bits);
    if (format >= 2) {
      body.int32(h);
    }
    body.int64(artifact.createdAt().toEpochMilli());
    body.string(artifact.command());
    body.int64(post.sampleCount());
    body.floats(post.mean());
    body.int32(artifact.metrics().size());
    for (Map.Entry<String, Double> metric : artifact.metrics().entrySet()) {
      body.string(metric.getKey());
      body.float64(metric.getValue());
    }
    body.int32(Tensor.values().length);
    for (Tensor t : Tensor.values()) {
      int[] shape = t.shape(d, h, bits);
      body.string(t.storedName());
      body.int32(shape.length);
      for (int dim : shape) {
        body.int32(dim);
      }
      body.floats(weights.view(t));
    }
    byte[] content = body.bytes();
    ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + content.length + DIGEST_BYTES);
    out.put(MAGIC).putShort((short) format).putShort((short) 0).putLong(content.length);
    out.put(content);
    out.put(sha256(out.array(), HEADER_BYTES + content.length));
    return out.array();
  }

  static ModelArtifact decode(byte[] bytes, String source) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= bytes.length) {
        throw new InvalidModelArtifactException(
            Reason.TRUNCATED, source, "only " + bytes.length + " bytes");
      }
      if (bytes[i] != MAGIC[i]) {
        throw new InvalidModelArtifactException(
            Reason.BAD_MAGIC, source, "not a hashstream model artifact");
      }
    }
    if (bytes.length < HEADER_BYTES) {
      throw new InvalidModelArtifactException(
          Reason.TRUNCATED, source, "only " + bytes.length + " bytes");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes);
    int version = Short.toUnsignedInt(header.getShort(8));
    int flags = Short.toUnsignedInt(header.getShort(10));
    if (version < FORMAT_V1 || version > FORMAT_VERSION || flags != 0) {
      throw new InvalidModelArtifactException(
          Reason.UNSUPPORTED_FORMAT_VERSION,
          source,
          "format version " + version + " flags " + flags + "; this build reads versions "
              + FORMAT_V1 + " to " + FORMAT_VERSION + " (a newer hashstream wrote it?)");
    }
    long bodyLength = header.getLong(12);
    long expectedLength = HEADER_BYTES + bodyLength + DIGEST_BYTES;
    if (bodyLength < 0 || expectedLength > bytes.length) {
      throw new InvalidModelArtifactException(
          Reason.TRUNCATED,
          source,
          bytes.length + " bytes, the header announces " + expectedLength);
    }
    if (expectedLength != bytes.length) {
      throw new InvalidModelArtifactException(
          Reason.MALFORMED, source, (bytes.length - expectedLength) + " bytes after the digest");
    }
    int contentEnd = HEADER_BYTES + (int) bodyLength;
    byte[] actual = sha256(bytes, contentEnd);
    byte[] stored = Arrays.copyOfRange(bytes, contentEnd, bytes.length);
    if (!MessageDigest.isEqual(actual, stored)) {
      throw new InvalidModelArtifactException(
          Reason.DIGEST_MISMATCH,
          source,
          "content sha256 is "
              + HexFormat.of().formatHex(actual)
              + ", the file says "
              + HexFormat.of().formatHex(stored));
    }
    try {
      return parseBody(
          ByteBuffer.wrap(bytes, HEADER_BYTES, (int) bodyLength).slice(), version, source);
    } catch (BufferUnderflowException | IllegalArgumentException | CharacterCodingException e) {
      throw new InvalidModelArtifactException(Reason.MALFORMED, source, String.valueOf(e));
    }
  }

  private static ModelArtifact parseBody(ByteBuffer in, int format, String source)
      throws CharacterCodingException {
    ModelVersion version = ModelVersion.of(string(in));
    String encoderId = string(in);
    int d = in.getInt();
    int bits = in.getInt();
    int h = format >= 2 ? in.getInt() : d;
    if (d < 1 || bits < 1 || h < 1) {
      throw new IllegalArgumentException(
          "embedding size " + d + ", bits " + bits + ", hidden width " + h);
    }
    Instant createdAt = Instant.ofEpochMilli(in.getLong());
    String command = string(in);
    long sampleCount = in.getLong();
    float[] mean = floats(in, d);
    int metricCount = count(in);
    Map<String, Double> metrics = new TreeMap<>();
    for (int i = 0; i < metricCount; i++) {
      String name = string(in);
      if (metrics.put(name, in.getDouble()) != null) {
        throw new IllegalArgumentException("metric " + name + " appears twice");
      }
    }
    int tensorCount = in.getInt();
    if (tensorCount != Tensor.values().length) {
      throw new IllegalArgumentException(tensorCount + " tensors, the format has 8");
    }
    Map<Tensor, float[]> tensors = new EnumMap<>(Tensor.class);
    for (Tensor t : Tensor.values()) {
      String name = string(in);
      if (!name.equals(t.storedName())) {
        throw new IllegalArgumentException(
            "tensor '" + name + "' where the format has " + t.storedName());
      }
      int[] shape = new int[count(in)];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = in.getInt();
      }
      if (!Arrays.equals(shape, t.shape(d, h, bits))) {
        throw new IllegalArgumentException(
            "tensor " + name + " has shape " + Arrays.toString(shape));
      }
      tensors.put(t, floats(in, t.size(d, h, bits)));
    }
    if (in.hasRemaining()) {
      throw new IllegalArgumentException(in.remaining() + " bytes left in the body");
    }
    return new ModelArtifact(
        version,
        EmbeddingPostprocessor.of(encoderId, mean, sampleCount),
        HashCoderWeights.of(d, h, bits, tensors),
        metrics,
        command,
        createdAt);
  }

  private static int count(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("count " + n + " with " + in.remaining() + " bytes left");
    }
    return n;
  }

  private static String string(ByteBuffer in) throws CharacterCodingException {
    int length = count(in);
    ByteBuffer utf8 = in.slice(in.position(), length);
    in.position(in.position() + length);
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(utf8)
        .toString();
  }

  private static float[] floats(ByteBuffer in, int n) {
    if ((long) n * Float.BYTES > in.remaining()) {
      throw new BufferUnderflowException();
    }
    float[] values = new float[n];
    in.asFloatBuffer().get(values);
    in.position(in.position() + n * Float.BYTES);
    return values;
  }

  static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256(bytes, bytes.length));
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JRE has SHA-256", e);
    }
  }

  /** An append-only big-endian body buffer. */
  private static final class Body {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES);

    void int32(int v) {
      out.write(scratch.clear().putInt(v).array(), 0, Integer.BYTES);
    }

    void int64(long v) {
      out.write(scratch.clear().putLong(v).array(), 0, Long.BYTES);
    }

    void float64(double v) {
      out.write(scratch.clear().putDouble(v).array(), 0, Double.BYTES);
    }

    void string(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      int32(utf8.length);
      out.writeBytes(utf8);
    }

    void floats(float[] values) {
      ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES);
      buf.asFloatBuffer().put(values);
      out.writeBytes(buf.array());
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
