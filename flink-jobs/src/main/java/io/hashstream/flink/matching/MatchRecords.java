package io.hashstream.flink.matching;

import io.hashstream.code.CodeBytes;
import io.hashstream.code.CodeLength;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.state.IndexedItem;
import io.hashstream.flink.state.TenantIndexState.IndexVersion;
import io.hashstream.flink.state.TenantIndexState.VersionedCode;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.registry.DeadLetterFactory;
import java.nio.ByteBuffer;
import java.time.Instant;

/** The records the match step writes: one place that fills their fields. */
final class MatchRecords {
  private static final DeadLetterFactory DEAD_LETTERS = new DeadLetterFactory("match");

  private MatchRecords() {}

  /** A raw match: {@code query} is within {@code distance} of the earlier {@code match}. */
  static NearDuplicate nearDuplicate(
      HashedUpload query, IndexedItem match, int distance, IndexVersion version, long nowMillis) {
    return NearDuplicate.newBuilder()
        .setTenant(query.tenant)
        .setQueryId(query.imageId)
        .setMatchId(match.imageId)
        .setDistance(distance)
        .setBits(version.length().bits())
        .setModelVersion(version.version())
        .setQueryUploadedAt(Instant.ofEpochMilli(query.uploadedAt))
        .setMatchUploadedAt(Instant.ofEpochMilli(match.uploadedAt))
        .setDetectedAt(Instant.ofEpochMilli(nowMillis))
        .build();
  }

  /** An upload's code under one model version. */
  static HashCode hashCode(HashedUpload upload, VersionedCode code, long nowMillis) {
    CodeLength length = code.version().length();
    return HashCode.newBuilder()
        .setImageId(upload.imageId)
        .setTenant(upload.tenant)
        .setModelVersion(code.version().version())
        .setBits(length.bits())
        .setCode(ByteBuffer.wrap(CodeBytes.encode(length, code.code(), 0)))
        .setUploadedAt(Instant.ofEpochMilli(upload.uploadedAt))
        .setHashedAt(Instant.ofEpochMilli(upload.hashedAt > 0 ? upload.hashedAt : nowMillis))
        .build();
  }

  /** The dead letter of an upload inference could not hash, with its raw record for replay. */
  static DeadLetter deadLetter(HashedUpload upload, long nowMillis) {
    return DEAD_LETTERS.create(
        upload.failureReason, upload.failureMessage, upload.sourceTopic, upload.sourcePartition,
        upload.sourceOffset, upload.sourceKey, upload.sourceValue, upload.imageId,
        Instant.ofEpochMilli(nowMillis));
  }
}
