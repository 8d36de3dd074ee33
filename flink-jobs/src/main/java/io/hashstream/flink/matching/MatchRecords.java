package io.hashstream.flink.matching;

import io.hashstream.code.CodeBytes;
import io.hashstream.code.CodeLength;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.inference.PdqSignal;
import io.hashstream.flink.state.IndexedItem;
import io.hashstream.pdq.PdqHits;
import io.hashstream.flink.state.TenantIndexState.IndexVersion;
import io.hashstream.flink.state.TenantIndexState.VersionedCode;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.PdqStatus;
import io.hashstream.schemas.registry.DeadLetterFactory;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The records the match step writes: one place that fills their fields. */
final class MatchRecords {
  private static final DeadLetterFactory DEAD_LETTERS = new DeadLetterFactory("match");

  private MatchRecords() {}

  /**
   * A raw match of {@code query} with the earlier {@code match}: which signals matched and both
   * distances (the PDQ one when both images have a PDQ hash of useful quality).
   *
   * @param codeDistance the CroVCA distance under {@code version}
   * @param pdq the PDQ match, or null
   */
  static NearDuplicate nearDuplicate(
      HashedUpload query, IndexedItem match, IndexVersion version, int codeDistance, int radius,
      PdqHits.Hit pdq, int pdqRadius, long nowMillis) {
    List<MatchSignal> signals = new ArrayList<>(2);
    if (codeDistance <= radius) {
      signals.add(MatchSignal.CROVCA);
    }
    if (pdq != null && pdq.distance() <= pdqRadius) {
      signals.add(MatchSignal.PDQ);
    }
    return NearDuplicate.newBuilder()
        .setTenant(query.tenant)
        .setQueryId(query.imageId)
        .setMatchId(match.imageId)
        .setDistance(codeDistance)
        .setBits(version.length().bits())
        .setModelVersion(version.version())
        .setQueryUploadedAt(Instant.ofEpochMilli(query.uploadedAt))
        .setMatchUploadedAt(Instant.ofEpochMilli(match.uploadedAt))
        .setDetectedAt(Instant.ofEpochMilli(nowMillis))
        .setSignals(signals)
        .setPdqDistance(pdq == null ? null : pdq.distance())
        .setPdqTransform(pdq == null ? null : PdqSignal.variant(pdq.variant()).name())
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
        .setPdq(upload.hasPdq() ? PdqSignal.hex(upload.pdqDihedral) : null)
        .setPdqQuality(upload.hasPdq() ? upload.pdqQuality : null)
        .setPdqStatus(upload.hasPdq() ? PdqStatus.HASHED : PdqStatus.NO_IMAGE)
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
