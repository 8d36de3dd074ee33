package io.hashstream.index;

import io.hashstream.code.CodeLength;
import io.hashstream.index.CorruptSnapshotException.Reason;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Writes an {@link IndexShard} to bytes and reads it back: a whole shard in one versioned,
 * checksummed byte array. (The streaming job does not checkpoint shards this way: it keeps each
 * item's code in keyed state and rebuilds the shard with {@link IndexShard#bulkLoad}.)
 *
 * <p><b>Format, version 1</b> (big-endian):
 *
 * <pre>
 *   int   magic          0x48534958 ("HSIX")
 *   short formatVersion  1
 *   short codeBits       16, 32, 64, 128 or 256
 *   long  modelVersion
 *   int   shard, shardCount
 *   int   itemCount
 *   itemCount x (long itemId, words x long code)
 *   int   crc32c         of every byte before it
 * </pre>
 *
 * <p>Only live items are written (tombstones are compacted out on the way) and no table: restore
 * rebuilds the tables (a bulk load, O(n · m), about a second per 10M 64-bit items), so the bytes
 * are {@code 32 + n · (8 + 8 · words)} and stay valid whatever the table layout rules become. A new
 * format gets a new version number; old versions stay readable, each with a golden file under
 * {@code src/test/resources/golden/}.
 *
 * <p><b>Errors.</b> Anything unreadable raises {@link CorruptSnapshotException} with a {@link
 * Reason}; other {@link IOException}s come from the stream. Reading never trusts the item count to
 * size an allocation. Stateless; any thread may use it on distinct shards.
 */
public final class IndexSnapshotCodec {
  /** The first four bytes of every snapshot: "HSIX". */
  public static final int MAGIC = 0x48534958;

  /** The format version this codec writes. */
  public static final short FORMAT_VERSION = 1;

  private IndexSnapshotCodec() {}

  /** Writes the shard's live items to {@code out} (buffered here; not closed). */
  public static void write(IndexShard shard, OutputStream out) throws IOException {
    CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32C());
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(checked, 1 << 16));
    CodeLength length = shard.codeLength();
    data.writeInt(MAGIC);
    data.writeShort(FORMAT_VERSION);
    data.writeShort(length.bits());
    data.writeLong(shard.modelVersion());
    data.writeInt(shard.spec().shard());
    data.writeInt(shard.spec().shardCount());
    data.writeInt(shard.size());
    int words = length.words();
    try {
      shard.forEach(
          (id, code, offset) -> {
            try {
              data.writeLong(id);
              for (int w = 0; w < words; w++) {
                data.writeLong(code[offset + w]);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    data.flush();
    data.writeInt((int) checked.getChecksum().getValue());
    data.flush();
  }

  /** Returns the shard's snapshot as a byte array. */
  public static byte[] toBytes(IndexShard shard) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + shard.size() * 16);
    try {
      write(shard, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads a shard from a snapshot byte array, with {@link MultiIndexHashConfig#DEFAULT}. */
  public static IndexShard fromBytes(byte[] snapshot) throws CorruptSnapshotException {
    return fromBytes(snapshot, MultiIndexHashConfig.DEFAULT);
  }

  /**
   * Reads a shard from a snapshot byte array, which must hold exactly one snapshot.
   *
   * @throws CorruptSnapshotException if the bytes are not a valid snapshot
   */
  public static IndexShard fromBytes(byte[] snapshot, MultiIndexHashConfig config)
      throws CorruptSnapshotException {
    ByteArrayInputStream in = new ByteArrayInputStream(snapshot);
    try {
      IndexShard shard = read(in, config);
      if (in.available() > 0) {
        throw new CorruptSnapshotException(
            Reason.TRAILING_BYTES, in.available() + " bytes after the checksum");
      }
      return shard;
    } catch (CorruptSnapshotException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one snapshot from {@code in}, consuming exactly its bytes (pass a buffered stream: this
   * reads a long at a time and does not buffer, so it never reads past the snapshot).
   *
   * @throws CorruptSnapshotException if the bytes are not a valid snapshot
   */
  public static IndexShard read(InputStream in, MultiIndexHashConfig config) throws IOException {
    CheckedInputStream checked = new CheckedInputStream(in, new CRC32C());
    DataInputStream data = new DataInputStream(checked);
    try {
      int magic = data.readInt();
      if (magic != MAGIC) {
        throw new CorruptSnapshotException(
            Reason.BAD_MAGIC, "expected " + Integer.toHexString(MAGIC) + ", got "
                + Integer.toHexString(magic));
      }
      short version = data.readShort();
      if (version != FORMAT_VERSION) {
        throw new CorruptSnapshotException(
            Reason.UNSUPPORTED_VERSION, "format " + version + ", this codec reads " + FORMAT_VERSION);
      }
      CodeLength length = header(() -> CodeLength.ofBits(data.readShort()));
      long modelVersion = data.readLong();
      int shard = data.readInt();
      int shardCount = data.readInt();
      ShardSpec spec = header(() -> new ShardSpec(shard, shardCount));
      int count = data.readInt();
      if (count < 0 || (long) count * length.words() > Integer.MAX_VALUE - 8) {
        throw new CorruptSnapshotException(Reason.BAD_HEADER, "item count " + count);
      }
      ItemRun items = new ItemRun(length, Math.min(count, 1 << 16));
      long[] code = new long[length.words()];
      for (int i = 0; i < count; i++) {
        long id = data.readLong();
        for (int w = 0; w < code.length; w++) {
          code[w] = data.readLong();
        }
        if (!length.isValid(code, 0)) {
          throw new CorruptSnapshotException(
              Reason.BAD_ITEM, "item " + i + " has bits above " + length.bits());
        }
        if (!spec.owns(id)) {
          throw new CorruptSnapshotException(Reason.BAD_ITEM, "item " + id + " is not in " + spec);
        }
        items.visit(id, code, 0);
      }
      int expected = (int) checked.getChecksum().getValue();
      int stored = data.readInt();
      if (stored != expected) {
        throw new CorruptSnapshotException(
            Reason.CHECKSUM_MISMATCH, "stored " + Integer.toHexString(stored) + ", computed "
                + Integer.toHexString(expected));
      }
      return IndexShard.load(modelVersion, spec, config, items);
    } catch (EOFException e) {
      throw new CorruptSnapshotException(Reason.TRUNCATED, "snapshot ends early");
    }
  }

  private interface HeaderField<T> {
    T read() throws IOException;
  }

  private static <T> T header(HeaderField<T> field) throws IOException {
    try {
      return field.read();
    } catch (IllegalArgumentException e) {
      throw new CorruptSnapshotException(Reason.BAD_HEADER, e.getMessage());
    }
  }
}
