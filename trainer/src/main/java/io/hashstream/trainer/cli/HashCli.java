package io.hashstream.trainer.cli;

import io.hashstream.code.HexCodes;
import io.hashstream.inference.ImageHasher;
import io.hashstream.model.ModelArtifact;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hashstream hash}: writes one CSV line per image file, {@code path,hexcode}, after the
 * header line {@code path,hexcode}. The hex code is lower case, the code's bits in order (bit 0 is
 * the high bit of the first digit, see {@link HexCodes}). Paths are as found under the arguments;
 * a path holding a comma, quote or line break is quoted as RFC 4180 says. The model the codes
 * belong to goes to a side file {@code FILE.csv.model} (lines {@code key=value}: {@code
 * model_version}, {@code bits}, {@code encoder_id}, {@code artifact_sha256}, {@code source}), so
 * the CSV stays plain and codes of different versions are never mixed up.
 *
 * <p>Unreadable and non-image files are named on stderr with their reason and left out of the CSV.
 * Exit status: 0 if every file got a code, 1 if any failed, 2 on a usage error or a fatal error.
 */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Hash image files (folders are searched recursively) into a CSV 'path,hexcode' with the"
          + " model version in FILE.csv.model. Relative paths are taken from the repository root"
          + " when run through ./hashstream; pass absolute paths.",
      "Exit status: 0 all hashed, 1 some files failed (named on stderr), 2 usage or fatal error."
    })
public final class HashCli implements Callable<Integer> {
  /** The header line of the CSV. */
  static final String HEADER = "path,hexcode";

  /** The suffix of the side file naming the model. */
  static final String MODEL_SUFFIX = ".model";

  @Mixin ModelOption modelOption;

  @Option(names = "--out", required = true, description = "the CSV file to write")
  Path out;

  @Parameters(arity = "1..*", paramLabel = "DIR_OR_FILE", description = "images or folders")
  List<Path> inputs;

  PrintStream err = System.err;

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command.
   *
   * @param args the arguments
   * @return the exit status
   */
  public static int execute(String... args) {
    return new CommandLine(new HashCli()).execute(args);
  }

  @Override
  public Integer call() throws IOException {
    List<Path> files = ImageFiles.list(inputs);
    ModelArtifact artifact = modelOption.load();
    long failed;
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try (ImageHasher hasher = ImageHasher.openBundled(artifact);
        BufferedWriter csv = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      writeModelFile(Path.of(out + MODEL_SUFFIX), artifact, modelOption.model);
      csv.write(HEADER);
      csv.newLine();
      failed =
          new FileBatches(err, modelOption.batchSize).hashAll(
              hasher,
              files,
              (file, code) -> {
                try {
                  csv.write(csvField(file.toString()));
                  csv.write(',');
                  csv.write(HexCodes.encode(hasher.codeLength(), code, 0));
                  csv.newLine();
                } catch (IOException e) {
                  throw new UncheckedIOException("cannot write " + out, e);
                }
              });
    }
    err.println(
        "hashed "
            + (files.size() - failed)
            + " of "
            + files.size()
            + " files with model "
            + artifact.version()
            + " into "
            + out);
    return failed == 0 ? 0 : 1;
  }

  /** Quotes a CSV field if it holds a comma, a quote or a line break (RFC 4180). */
  static String csvField(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  private static void writeModelFile(Path file, ModelArtifact artifact, Path source)
      throws IOException {
    String text =
        "model_version="
            + artifact.version().id()
            + "\nbits="
            + artifact.codeLength().bits()
            + "\nencoder_id="
            + artifact.encoderId()
            + "\nartifact_sha256="
            + sha256(artifact.toBytes())
            + "\nsource="
            + (source == null ? "default model" : source.toString())
            + "\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JRE has SHA-256", e);
    }
  }
}
