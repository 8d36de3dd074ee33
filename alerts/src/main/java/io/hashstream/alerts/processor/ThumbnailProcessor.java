package io.hashstream.alerts.processor;

import io.hashstream.alerts.topology.TenantKeys;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.registry.WireFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a thumbnail from every upload that carries image bytes and passes it on keyed {@code
 * tenant/imageId}.
 *
 * <p>Uploads it cannot use (bad frames, no bytes, unreadable or oversized images) are skipped
 * without a dead letter, and counted: the {@code images} topic belongs to the streaming job, which
 * dead-letters bad uploads once; a second dead letter per bad upload from here would be noise. A
 * thumbnail is a convenience of the live page, never evidence.
 */
public final class ThumbnailProcessor implements Processor<byte[], byte[], String, byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(ThumbnailProcessor.class);

  private final RegistryAvroCodec<ImageEvent> codec;
  private final Thumbnailer thumbnailer;
  private final int maxImageBytes;
  private ProcessorContext<String, byte[]> context;
  private long skipped;

  public ThumbnailProcessor(RegistryAvroCodec<ImageEvent> codec, int maxSide, int maxImageBytes) {
    this.codec = codec;
    this.thumbnailer = new Thumbnailer(maxSide);
    this.maxImageBytes = maxImageBytes;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    ImageEvent event;
    try {
      event = codec.decode(record.value());
    } catch (WireFormatException e) {
      if (e.isTransient()) {
        throw new StreamsException("schema registry unavailable; retrying from the last commit", e);
      }
      skip("undecodable upload", e);
      return;
    }
    ByteBuffer image = event.getImageBytes();
    if (image == null || !TenantKeys.isValidTenant(event.getTenant()) || event.getImageId().isEmpty()) {
      return; // an embedding or a URI: nothing to show
    }
    if (image.remaining() > maxImageBytes) {
      skip("upload " + event.getImageId() + " over " + maxImageBytes + " bytes", null);
      return;
    }
    byte[] bytes = new byte[image.remaining()];
    image.duplicate().get(bytes);
    try {
      byte[] thumb = thumbnailer.thumbnail(bytes);
      context.forward(
          record.withKey(TenantKeys.key(event.getTenant(), event.getImageId())).withValue(thumb));
    } catch (IOException e) {
      skip("no thumbnail for " + event.getImageId(), e);
    }
  }

  private void skip(String what, Exception cause) {
    skipped++;
    LOG.debug("{} ({} skipped so far): {}", what, skipped, cause == null ? "" : cause.toString());
  }
}
