package io.hashstream.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.demo.DemoCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./hashstream demo} end to end (the README's run command), on free ports and without the
 * moderation service (its own JVM; tested in the alerts module): the embedded platform, the job,
 * the bundled photos and their copies, the second model trained and swapped in halfway. The demo
 * exits 0 only when every planted copy was alerted.
 */
class DemoIT {
  @Test
  void alertsEveryPlantedCopyAcrossALiveModelSwap() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try (PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      System.setOut(new PrintStream(new TeeStream(original, capture), true, StandardCharsets.UTF_8));
      exit = new CommandLine(new DemoCommand()).execute(
          "--free-ports", "--no-alerts", "--exit-when-done", "--rate", "12", "--wait", "180");
    } finally {
      System.setOut(original);
    }
    String out = console.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("planted copies alerted: 32 of 32").contains("SWAP published");
    String swapped = out.substring(out.indexOf("SWAP published ") + "SWAP published ".length());
    String newVersion = swapped.substring(0, swapped.indexOf(':'));
    assertThat(out.substring(out.indexOf("alerts by model version:")))
        .as("alerts after the swap come from the new model").contains(newVersion);
  }

  /** Writes to two streams. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
