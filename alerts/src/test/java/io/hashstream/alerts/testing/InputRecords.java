package io.hashstream.alerts.testing;

import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.Verdict;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import javax.imageio.ImageIO;

/** Readable, deterministic input records for the moderation service's tests. */
public final class InputRecords {
  /** A fixed start of time. */
  public static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

  public static final String MODEL = "crovca-64-v1";

  private InputRecords() {}

  /** Upload {@code query} matched the earlier {@code matched} at {@code distance} of 64 bits. */
  public static NearDuplicate match(String tenant, String query, String matched, int distance, Instant at) {
    return NearDuplicate.newBuilder()
        .setTenant(tenant)
        .setQueryId(query)
        .setMatchId(matched)
        .setDistance(distance)
        .setBits(64)
        .setModelVersion(MODEL)
        .setQueryUploadedAt(at.minusMillis(200))
        .setMatchUploadedAt(at.minusSeconds(3600))
        .setDetectedAt(at)
        .build();
  }

  /** Upload {@code image} matched content {@code contentId} of {@code bank} by PDQ at {@code distance}. */
  public static BankMatch entryMatch(String tenant, String image, String bank, String contentId,
      Verdict verdict, int distance, Instant at) {
    return BankMatch.newBuilder()
        .setTenant(tenant)
        .setImageId(image)
        .setUploadedAt(at.minusMillis(300))
        .setBank(bank)
        .setContentId(contentId)
        .setBankContentId(BankKeys.bankContentId(bank, contentId))
        .setSignal(MatchSignal.PDQ)
        .setDistance(distance)
        .setBits(256)
        .setBankSignal("ab".repeat(32))
        .setPdqTransform("ORIGINAL")
        .setVerdict(verdict)
        .setDetectedAt(at)
        .build();
  }

  public static ModerationVerdict verdict(String tenant, String image, String bank, Verdict verdict, Instant at) {
    return ModerationVerdict.newBuilder()
        .setTenant(tenant)
        .setImageId(image)
        .setBank(bank)
        .setVerdict(verdict)
        .setDecidedBy("moderator-7")
        .setDecidedAt(at)
        .setNote(null)
        .build();
  }

  /** An upload carrying a PNG of {@code width × height} in one colour. */
  public static ImageEvent upload(String tenant, String image, int width, int height, Color color, Instant at) {
    return ImageEvent.newBuilder()
        .setTenant(tenant)
        .setImageId(image)
        .setUploadedAt(at)
        .setContentType("image/png")
        .setImageBytes(ByteBuffer.wrap(png(width, height, color)))
        .build();
  }

  /** A PNG of one colour with a darker square in the middle. */
  public static byte[] png(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.setColor(color.darker());
    g.fillRect(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
