package io.hashstream.index;

import java.io.IOException;

/** An index snapshot that cannot be read back; {@link #reason()} says why. */
public final class CorruptSnapshotException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why a snapshot was rejected. */
  public enum Reason {
    /** The first four bytes are not {@link IndexSnapshotCodec#MAGIC}. */
    BAD_MAGIC,
    /** The format version is not one this codec reads. */
    UNSUPPORTED_VERSION,
    /** A header field is out of range (code length, shard spec, item count). */
    BAD_HEADER,
    /** An item's code has bits set above its length. */
    BAD_ITEM,
    /** The snapshot ends before its checksum. */
    TRUNCATED,
    /** The CRC-32C trailer does not match the bytes before it. */
    CHECKSUM_MISMATCH,
    /** Bytes follow the checksum of a snapshot read from a byte array. */
    TRAILING_BYTES
  }

  private final Reason reason;

  /** Creates the exception. */
  public CorruptSnapshotException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  /** Returns why the snapshot was rejected. */
  public Reason reason() {
    return reason;
  }
}
