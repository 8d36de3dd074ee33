package io.hashstream.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One fully populated record per topic, with fixed values, for round-trip tests here and in the
 * integration tests (shared through the schemas test-jar).
 */
public final class SampleRecords {
  /** A fixed instant so that records compare equal after a round trip. */
  public static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

  private SampleRecords() {}

  public static ImageEvent imageEvent() {
    return ImageEvent.newBuilder()
        .setImageId("img-1")
        .setTenant("tenant-a")
        .setUploadedAt(T0)
        .setContentType("image/jpeg")
        .setImageBytes(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3}))
        .setImageUri(null)
        .setEmbedding(EmbeddingVectors.of("test-encoder@1", new float[] {0.25f, -1.5f, 3.0f}))
        .build();
  }

  public static HashCode hashCodeRecord() {
    return HashCode.newBuilder()
        .setImageId("img-1")
        .setTenant("tenant-a")
        .setModelVersion("crovca-64-v1")
        .setBits(64)
        .setCode(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) 0x80}))
        .setUploadedAt(T0)
        .setHashedAt(T0.plusMillis(12))
        .setPdq("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")
        .setPdqQuality(100)
        .setPdqStatus(PdqStatus.HASHED)
        .build();
  }

  public static NearDuplicate nearDuplicate() {
    return NearDuplicate.newBuilder()
        .setTenant("tenant-a")
        .setQueryId("img-2")
        .setMatchId("img-1")
        .setDistance(3)
        .setBits(64)
        .setModelVersion("crovca-64-v1")
        .setQueryUploadedAt(T0.plusSeconds(5))
        .setMatchUploadedAt(T0)
        .setDetectedAt(T0.plusSeconds(5).plusMillis(40))
        .setSignals(List.of(MatchSignal.CROVCA, MatchSignal.PDQ))
        .setPdqDistance(12)
        .setPdqTransform("FLIP_X")
        .build();
  }

  public static ModelUpdate modelUpdate() {
    return ModelUpdate.newBuilder()
        .setVersion("crovca-64-v2")
        .setBits(64)
        .setEncoderId("mobilenet_v2_140_nsfwjs@1")
        .setEmbeddingSize(1792)
        .setArtifactUri("file:///models/crovca-64-v2.hsm")
        .setArtifactSha256("ab".repeat(32))
        .setMetrics(Map.of("loss", 0.42, "map_at_100", 0.61))
        .setCreatedAt(T0)
        .setCreatedBy("trainer")
        .setRollbackOf(null)
        .setSigningKeyId("0123456789abcdef")
        .setSignature(java.nio.ByteBuffer.wrap(new byte[64]))
        .build();
  }

  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("images")
        .setSourcePartition(2)
        .setSourceOffset(1234L)
        .setReason(DeadLetterReason.CORRUPT_IMAGE)
        .setMessage("JPEG ended after 12 bytes")
        .setStage("decode")
        .setRecordKey(ByteBuffer.wrap("tenant-a/img-9".getBytes(StandardCharsets.UTF_8)))
        .setPayload(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1, 9}))
        .setPayloadTruncated(false)
        .setImageId("img-9")
        .setFailedAt(T0)
        .build();
  }

  public static ModerationVerdict moderationVerdict() {
    return ModerationVerdict.newBuilder()
        .setImageId("img-1")
        .setTenant("tenant-a")
        .setBank("known-spam")
        .setVerdict(Verdict.REMOVE)
        .setDecidedBy("moderator-7")
        .setDecidedAt(T0)
        .setNote("re-upload ring")
        .build();
  }

  public static ModerationAction moderationAction() {
    return ModerationAction.newBuilder()
        .setActionId("act-1")
        .setTenant("tenant-a")
        .setAction(ActionType.BLOCK)
        .setImageId("img-2")
        .setMatchId("img-1")
        .setDistance(3)
        .setModelVersion("crovca-64-v1")
        .setBank("known-spam")
        .setClusterId("cluster-1")
        .setUploadedAt(T0.plusSeconds(5))
        .setDecidedAt(T0.plusSeconds(6))
        .setDetail(null)
        .setSignal(MatchSignal.PDQ)
        .setBankContentId(null)
        .build();
  }

  public static BankSignal bankSignal() {
    return BankSignal.newBuilder()
        .setBank("known-spam")
        .setContentId("list-item-42")
        .setBankContentId(BankKeys.bankContentId("known-spam", "list-item-42"))
        .setSignalType(MatchSignal.PDQ)
        .setSignal("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")
        .setQuality(100)
        .setModelVersion(null)
        .setBits(null)
        .setVerdict(Verdict.REMOVE)
        .setTags(List.of("spam", "ring-7"))
        .setAddedAt(T0)
        .setAddedBy("hashstream bank import")
        .setEmbedding(null)
        .build();
  }

  public static BankMatch bankMatch() {
    return BankMatch.newBuilder()
        .setTenant("tenant-a")
        .setImageId("img-2")
        .setUploadedAt(T0.plusSeconds(5))
        .setBank("known-spam")
        .setContentId("list-item-42")
        .setBankContentId(BankKeys.bankContentId("known-spam", "list-item-42"))
        .setSignal(MatchSignal.PDQ)
        .setDistance(12)
        .setBits(256)
        .setBankSignal("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22")
        .setModelVersion(null)
        .setPdqTransform("FLIP_X")
        .setVerdict(Verdict.REMOVE)
        .setTags(List.of("spam"))
        .setDetectedAt(T0.plusSeconds(5).plusMillis(30))
        .build();
  }

  /** The sample record for a topic. */
  public static SpecificRecord forTopic(Topic topic) {
    return switch (topic) {
      case IMAGES -> imageEvent();
      case HASH_CODES -> hashCodeRecord();
      case NEAR_DUPLICATES -> nearDuplicate();
      case HASHCODER_CONTROL -> modelUpdate();
      case DEAD_LETTERS -> deadLetter();
      case MODERATION_VERDICTS -> moderationVerdict();
      case MODERATION_ACTIONS -> moderationAction();
      case BANK_SIGNALS -> bankSignal();
      case BANK_MATCHES -> bankMatch();
    };
  }
}
