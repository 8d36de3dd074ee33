package io.hashstream.schemas.registry;

import io.hashstream.schemas.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns records of one generated Avro type into Confluent wire-format frames and back: {@code magic
 * byte 0 | 4-byte big-endian schema id | Avro binary}. Any Confluent-compatible registry works (see
 * {@link SchemaRegistry}); the bytes are the same as Confluent's and Apicurio's serdes produce.
 *
 * <p>Encoding writes with the type's own schema, registering it under the subject on first use when
 * {@code autoRegister} is set, else looking its id up. Decoding reads with the writer's schema
 * (fetched by id, cached) resolved against the type's schema, so older and newer writers that the
 * subject's compatibility rule admitted both decode.
 *
 * <p>Decoding never lets a bad frame escape as anything but a {@link WireFormatException} carrying a
 * {@link DeadLetterReason}: empty, truncated, wrong magic byte, oversized, unknown schema id,
 * undecodable payload, trailing bytes, unreachable registry.
 *
 * <p>Safe for concurrent use: the writer and the per-schema readers hold no per-call state (Avro
 * keeps its schema resolvers per thread), and each call allocates its own encoder or decoder.
 *
 * @param <T> the generated record type
 */
public final class RegistryAvroCodec<T extends SpecificRecord> {
  /** The first byte of every frame. */
  public static final byte MAGIC_BYTE = 0;

  /** Magic byte plus the 4-byte schema id. */
  public static final int HEADER_BYTES = 5;

  /** The default largest frame accepted for decoding: 16 MiB, above any sane image upload. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

  private final SchemaRegistry registry;
  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final boolean autoRegister;
  private final int maxFrameBytes;
  private final DatumWriter<T> writer;
  private final Map<String, Integer> writerIdBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readerByWriterId = new ConcurrentHashMap<>();

  public RegistryAvroCodec(
      SchemaRegistry registry, Class<T> type, boolean autoRegister, int maxFrameBytes) {
    if (maxFrameBytes <= HEADER_BYTES) {
      throw new IllegalArgumentException("maxFrameBytes must exceed " + HEADER_BYTES);
    }
    this.registry = registry;
    this.type = type;
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
    this.autoRegister = autoRegister;
    this.maxFrameBytes = maxFrameBytes;
    this.writer = new SpecificDatumWriter<>(readerSchema, model);
  }

  public RegistryAvroCodec(SchemaRegistry registry, Class<T> type) {
    this(registry, type, true, DEFAULT_MAX_FRAME_BYTES);
  }

  public Class<T> type() {
    return type;
  }

  public Schema schema() {
    return readerSchema;
  }

  /**
   * Frames {@code record} for {@code subject}.
   *
   * @throws SchemaRegistryException if the schema cannot be registered or found under the subject
   */
  public byte[] encode(String subject, T record) {
    int id = writerIdBySubject.computeIfAbsent(subject, this::writerId);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot encode " + type.getSimpleName() + " (a required field is null?): " + e, e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes one frame.
   *
   * @throws WireFormatException with the reason the frame is unusable
   */
  public T decode(byte[] frame) {
    int id = schemaIdOf(frame, maxFrameBytes);
    DatumReader<T> reader = readerByWriterId.get(id);
    if (reader == null) {
      reader = newReader(id);
      readerByWriterId.putIfAbsent(id, reader);
    }
    BinaryDecoder decoder =
        DecoderFactory.get().binaryDecoder(frame, HEADER_BYTES, frame.length - HEADER_BYTES, null);
    T record;
    try {
      record = reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          DeadLetterReason.UNDECODABLE_RECORD,
          "payload of " + frame.length + " bytes with schema id " + id + " is not a valid "
              + type.getSimpleName() + ": " + e,
          e);
    }
    boolean trailing;
    try {
      trailing = !decoder.isEnd();
    } catch (IOException e) {
      trailing = true;
    }
    if (trailing) {
      throw new WireFormatException(
          DeadLetterReason.UNDECODABLE_RECORD,
          "frame with schema id " + id + " has bytes after the " + type.getSimpleName()
              + " record: corrupt or written with another schema than its id says");
    }
    return record;
  }

  /**
   * Validates a frame's header and returns its schema id, without asking the registry.
   *
   * @throws WireFormatException if the frame is null, empty, shorter than the header, longer than
   *     {@code maxFrameBytes}, or does not start with the magic byte
   */
  public static int schemaIdOf(byte[] frame, int maxFrameBytes) {
    if (frame == null || frame.length == 0) {
      throw new WireFormatException(DeadLetterReason.EMPTY_RECORD, "record value is empty");
    }
    if (frame.length > maxFrameBytes) {
      throw new WireFormatException(
          DeadLetterReason.PAYLOAD_TOO_LARGE,
          "record of " + frame.length + " bytes exceeds the limit of " + maxFrameBytes
              + " bytes; send large images by URI instead");
    }
    if (frame[0] != MAGIC_BYTE) {
      throw new WireFormatException(
          DeadLetterReason.MALFORMED_FRAME,
          String.format(
              "first byte is 0x%02x, not the wire-format magic byte 0x00: the producer did not use"
                  + " a schema-registry serializer",
              frame[0] & 0xff));
    }
    if (frame.length < HEADER_BYTES) {
      throw new WireFormatException(
          DeadLetterReason.MALFORMED_FRAME,
          "frame of " + frame.length + " bytes is shorter than the 5-byte wire-format header");
    }
    return ((frame[1] & 0xff) << 24)
        | ((frame[2] & 0xff) << 16)
        | ((frame[3] & 0xff) << 8)
        | (frame[4] & 0xff);
  }

  private int writerId(String subject) {
    return autoRegister
        ? registry.register(subject, readerSchema)
        : registry.lookupId(subject, readerSchema);
  }

  private DatumReader<T> newReader(int id) {
    Schema writerSchema;
    try {
      writerSchema = registry.schemaById(id);
    } catch (SchemaRegistryException.NotFound e) {
      throw new WireFormatException(
          DeadLetterReason.UNKNOWN_SCHEMA_ID,
          "schema id " + id + " is not in the registry: the frame is corrupt or comes from"
              + " another registry",
          e);
    } catch (SchemaRegistryException e) {
      throw new WireFormatException(
          DeadLetterReason.REGISTRY_UNAVAILABLE,
          "cannot fetch schema id " + id + ": " + e.getMessage(),
          e);
    }
    if (!writerSchema.getFullName().equals(readerSchema.getFullName())
        && !readerSchema.getAliases().contains(writerSchema.getFullName())) {
      throw new WireFormatException(
          DeadLetterReason.UNDECODABLE_RECORD,
          "schema id " + id + " is a " + writerSchema.getFullName() + ", not a "
              + readerSchema.getFullName() + ": wrong topic?");
    }
    // the same schema as ours (the common case): read with our own instance, so that Avro's
    // per-thread resolver cache hits on identity instead of building a resolution grammar
    Schema writer = writerSchema.equals(readerSchema) ? readerSchema : writerSchema;
    return new SpecificDatumReader<>(writer, readerSchema, model);
  }
}
