package io.hashstream.flink.ingest;

import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RecordDecoder;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.registry.RegistrySupplier;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The job's first step: raw record on {@code images} → {@link PendingUpload}, or a dead letter
 * (undecodable frame, unknown schema id, oversized record, no image, wrong embedding size, unknown
 * encoder, bad URI: see {@link RecordDecoder} and {@link UploadCheck}) on {@link
 * OperatorIds#DEAD_LETTERS}. The job keeps running on all of them.
 */
public final class IngestFunction extends ProcessFunction<RawKafkaRecord, PendingUpload> {
  private static final long serialVersionUID = 1L;

  private final RecordDecoder<ImageEvent> decoder;
  private final UploadCheck check;
  private transient Counter rejected;

  public IngestFunction(RegistrySupplier registry, int maxRecordBytes, UploadCheck check) {
    this.decoder = new RecordDecoder<>(ImageEvent.class, registry, maxRecordBytes, "ingest");
    this.check = check;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder.schema().open(null);
    rejected = getRuntimeContext().getMetricGroup().counter("uploadsRejected");
  }

  @Override
  public void processElement(RawKafkaRecord raw, Context ctx, Collector<PendingUpload> out) {
    long now = ctx.timerService().currentProcessingTime();
    ImageEvent event =
        decoder.decode(
            raw, now, d -> {
              rejected.inc();
              ctx.output(OperatorIds.DEAD_LETTERS, d);
            });
    if (event == null) {
      return;
    }
    Upload upload;
    try {
      upload = check.check(event);
    } catch (RejectedUploadException e) {
      rejected.inc();
      ctx.output(
          OperatorIds.DEAD_LETTERS,
          decoder.deadLetters().create(
              e.reason(), e.getMessage(), raw.topic, raw.partition, raw.offset, raw.key, raw.value,
              event.getImageId(), Instant.ofEpochMilli(now)));
      return;
    }
    out.collect(pending(upload, raw, now));
  }

  static PendingUpload pending(Upload upload, RawKafkaRecord raw, long now) {
    ImageEvent event = upload.event();
    PendingUpload p = new PendingUpload();
    p.tenant = event.getTenant();
    p.imageId = event.getImageId();
    p.uploadedAt = event.getUploadedAt().toEpochMilli();
    p.receivedAt = now;
    p.sourceTopic = raw.topic;
    p.sourcePartition = raw.partition;
    p.sourceOffset = raw.offset;
    p.sourceKey = raw.key;
    if (upload instanceof Upload.WithEmbedding e) {
      p.embedding = e.vector();
    } else if (upload instanceof Upload.WithBytes b) {
      p.imageBytes = b.bytes();
      p.sourceValue = raw.value; // kept for a dead letter if the image turns out corrupt
    } else if (upload instanceof Upload.WithUri u) {
      p.imageUri = u.uri().toString();
      p.sourceValue = raw.value;
    }
    return p;
  }
}
