package io.hashstream.trainer.cli;

import io.hashstream.code.HexCodes;
import io.hashstream.inference.ImageHasher;
import io.hashstream.inference.SignalExtractor;
import io.hashstream.model.ModelArtifact;
import io.hashstream.pdq.PdqDihedral;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.trainer.bank.CsvFields;
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
 * {@code hashstream hash}: writes one CSV line per image file after a header line. With {@code
 * --signal both} (the default) the columns are {@code path,crovca,pdq,pdq_quality}: the learned
 * code under the model, and Meta's PDQ hash with its quality, both as lower-case hex (the code's
 * bits in order, see {@link HexCodes}; the PDQ hash as hash-sharing lists write it). {@code
 * --signal crovca} writes {@code path,crovca}, {@code --signal pdq} writes {@code
 * path,pdq,pdq_quality} and never opens the encoder. With {@code --pdq-dihedral} each image gets
 * eight rows, one per rotation/flip of its PDQ hash in PDQ's own order (original, rotate 90, 180,
 * 270, flip x, flip y, flip +1, flip -1), the other columns repeated: what hash-list tools expect.
 * Uniform-colour margins are trimmed before hashing, as in the streaming job.
 *
 * <p>Paths are as found under the arguments; a path holding a comma, quote or line break is quoted
 * as RFC 4180 says. The model the codes belong to goes to a side file {@code FILE.csv.model} (lines
 * {@code key=value}: {@code model_version}, {@code bits}, {@code encoder_id}, {@code
 * artifact_sha256}, {@code source}), so the CSV stays plain and codes of different versions are
 * never mixed up.
 *
 * <p>Unreadable and non-image files are named on stderr with their reason and left out of the CSV.
 * Exit status: 0 if every file got a code, 1 if any failed, 2 on a usage error or a fatal error.
 */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Hash image files (folders are searched recursively) into a CSV: 'path,crovca,pdq,pdq_quality'"
          + " (--signal both), 'path,crovca' or 'path,pdq,pdq_quality', with the model version in"
          + " FILE.csv.model. Relative paths are taken from the repository root when run through"
          + " ./hashstream; pass absolute paths.",
      "Exit status: 0 all hashed, 1 some files failed (named on stderr), 2 usage or fatal error."
    })
public final class HashCli implements Callable<Integer> {
  /** Which signals to write. */
  enum Signal {
    /** The learned code under the model. */
    CROVCA("path,crovca"),
    /** PDQ only (no encoder, no model). */
    PDQ("path,pdq,pdq_quality"),
    /** Both, the streaming job's detector. */
    BOTH("path,crovca,pdq,pdq_quality");

    final String header;

    Signal(String header) {
      this.header = header;
    }
  }

  /** The suffix of the side file naming the model. */
  static final String MODEL_SUFFIX = ".model";

  @Option(names = "--signal", defaultValue = "both",
      description = "crovca, pdq or both (default ${DEFAULT-VALUE})",
      converter = SignalConverter.class)
  Signal signal;

  @Option(names = "--pdq-dihedral",
      description = "eight rows per image, one per rotation/flip of its PDQ hash")
  boolean pdqDihedral;

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
    if (pdqDihedral && signal == Signal.CROVCA) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--pdq-dihedral needs --signal pdq or both");
    }
    List<Path> files = ImageFiles.list(inputs);
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    long failed;
    String model = "";
    try (BufferedWriter csv = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      csv.write(signal.header);
      csv.newLine();
      FileBatches batches = new FileBatches(err, modelOption.batchSize);
      if (signal == Signal.PDQ) {
        try (SignalExtractor pdq = SignalExtractor.pdqOnly(true)) {
          failed = batches.processAll(files, pdq::pdq,
              (file, hashes) -> write(csv, file, null, hashes));
        }
      } else {
        ModelArtifact artifact = modelOption.load();
        model = " with model " + artifact.version();
        writeModelFile(Path.of(out + MODEL_SUFFIX), artifact, modelOption.model);
        try (ImageHasher hasher = ImageHasher.openBundled(artifact)) {
          failed = signal == Signal.CROVCA
              ? batches.processAll(files, hasher::hash, (file, code) ->
                  write(csv, file, HexCodes.encode(hasher.codeLength(), code, 0), null))
              : batches.processAll(files, hasher::hashBoth, (file, both) -> write(csv, file,
                  HexCodes.encode(hasher.codeLength(), both.code(), 0), both.pdq()));
        }
      }
    }
    err.println("hashed " + (files.size() - failed) + " of " + files.size() + " files" + model
        + " into " + out);
    return failed == 0 ? 0 : 1;
  }

  /** One image's rows: one, or eight with {@code --pdq-dihedral}. */
  private void write(BufferedWriter csv, Path file, String crovca, PdqDihedralHashes pdq) {
    try {
      PdqDihedral[] variants = pdq != null && pdqDihedral
          ? PdqDihedral.values() : new PdqDihedral[] {PdqDihedral.ORIGINAL};
      for (PdqDihedral variant : variants) {
        csv.write(csvField(file.toString()));
        if (crovca != null) {
          csv.write(',');
          csv.write(crovca);
        }
        if (pdq != null) {
          csv.write(',');
          csv.write(pdq.get(variant).hex());
          csv.write(',');
          csv.write(Integer.toString(pdq.quality()));
        }
        csv.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  /** Accepts the signal names in any case. */
  static final class SignalConverter implements CommandLine.ITypeConverter<Signal> {
    @Override
    public Signal convert(String value) {
      try {
        return Signal.valueOf(value.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "--signal must be crovca, pdq or both, got '" + value + "'");
      }
    }
  }

  /** Quotes a CSV field if it holds a comma, a quote or a line break (RFC 4180). */
  static String csvField(String value) {
    return CsvFields.quote(value);
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
