package io.hashstream.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line naming the machine a benchmark ran on, for the trainer's result files. */
public final class MachineDescription {
  private MachineDescription() {}

  /** E.g. {@code "AMD EPYC, 2 cores, Linux amd64, Java 17.0.15"}. */
  public static String describe() {
    String cpu = "unknown";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse(cpu);
    } catch (IOException | UncheckedIOException e) {
      // not Linux: leave it unknown
    }
    return cpu
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.arch")
        + ", Java "
        + System.getProperty("java.version");
  }
}
