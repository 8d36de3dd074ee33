package io.hashstream.alerts.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.alerts.testing.InputRecords;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ThumbnailerTest {
  private final Thumbnailer thumbnailer = new Thumbnailer(96);

  @Test
  void theLongerSideBecomes96AndTheAspectStays() throws IOException {
    BufferedImage portrait = read(thumbnailer.thumbnail(InputRecords.png(300, 1200, Color.RED)));
    assertThat(portrait.getWidth()).isEqualTo(24);
    assertThat(portrait.getHeight()).isEqualTo(96);
    BufferedImage tiny = read(thumbnailer.thumbnail(InputRecords.png(40, 20, Color.RED)));
    assertThat(tiny.getWidth()).as("never enlarged").isEqualTo(40);
  }

  @Test
  void aHugeDeclaredSizeIsRefusedBeforeDecoding() {
    byte[] png = InputRecords.png(8, 8, Color.RED);
    // IHDR starts at byte 16: width and height, big-endian; claim 40000 x 40000
    ByteBuffer.wrap(png).putInt(16, 40_000).putInt(20, 40_000);
    assertThatThrownBy(() -> thumbnailer.thumbnail(png)).isInstanceOf(IOException.class).hasMessageContaining("exceeds");
  }

  @Test
  void notAnImageIsAnIoError() {
    assertThatThrownBy(() -> thumbnailer.thumbnail(new byte[] {1, 2, 3})).isInstanceOf(IOException.class);
    byte[] truncated = java.util.Arrays.copyOf(InputRecords.png(64, 64, Color.RED), 60);
    assertThatThrownBy(() -> thumbnailer.thumbnail(truncated)).isInstanceOf(IOException.class);
  }

  private static BufferedImage read(byte[] jpeg) throws IOException {
    return ImageIO.read(new ByteArrayInputStream(jpeg));
  }
}
