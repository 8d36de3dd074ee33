package io.hashstream.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hashstream.code.HexCodes;
import io.hashstream.inference.ImageHasher;
import io.hashstream.model.ModelArtifact;
import io.hashstream.pdq.PdqDihedral;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.Verdict;
import io.hashstream.trainer.bank.BadRow;
import io.hashstream.trainer.bank.BankImporter;
import io.hashstream.trainer.bank.BankTopic;
import io.hashstream.trainer.bank.CsvFields;
import io.hashstream.trainer.bank.ExchangeFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hashstream bank}: the banks on {@code bank-signals} (a compacted topic; the streaming job
 * matches every upload against them): {@code add} hashes images with both signals, {@code import}
 * reads a hash-list file, {@code remove} takes content out, {@code export} writes a bank back out
 * for sharing. Writes are Kafka transactions, so the job never sees half of a batch.
 */
@Command(
    name = "bank",
    mixinStandardHelpOptions = true,
    subcommands = {BankCli.Add.class, BankCli.Import.class, BankCli.Remove.class, BankCli.Export.class},
    description = {
      "Manage banks of signals (PDQ hashes and CroVCA codes of known content) on the compacted"
          + " topic bank-signals. See 'bank import --help' for the file formats.",
      "Exit status: 0 done, 1 some rows, images or contents could not be processed (each named on"
          + " stderr), 2 usage or fatal error."
    })
public final class BankCli implements Callable<Integer> {
  PrintStream out = System.out;
  PrintStream err = System.err;
  Clock clock = Clock.systemUTC();

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command and returns its status. */
  public static int execute(String... args) {
    return execute(System.out, System.err, args);
  }

  /** Runs the command with its output and messages going to the given streams. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    BankCli cli = new BankCli();
    cli.out = out;
    cli.err = err;
    return new CommandLine(cli).execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(err);
    return 2;
  }

  /** {@code bank add}: hash image files with both signals into a bank. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      exitCodeOnExecutionException = 2,
      description = {
        "Hash images (folders recursively) with both signals and add them to a bank: a PDQ entry"
            + " and a CroVCA entry of the model's version per image, the content id being the"
            + " file's path under its folder argument. A CroVCA entry matches uploads hashed by"
            + " that model version only: after a model swap, run 'bank add --model NEW.hsm' on the"
            + " same images to add codes of the new version."
      })
  static final class Add implements Callable<Integer> {
    @CommandLine.ParentCommand BankCli cli;

    @Option(names = "--bank", required = true, description = "the bank") String bank;

    @Option(names = "--verdict", required = true, description = "REMOVE, REVIEW or ALLOW")
    Verdict verdict;

    @Option(names = "--tag", description = "a tag for every entry (repeatable)")
    List<String> tags = new ArrayList<>();

    @Mixin ModelOption modelOption;
    @Mixin BankTopicOptions topicOptions;

    @Parameters(arity = "1..*", paramLabel = "DIR_OR_FILE", description = "images or folders")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
      requireVerdict(verdict);
      List<Path> files = ImageFiles.list(inputs);
      ModelArtifact artifact = modelOption.load();
      String version = artifact.version().id();
      long failed;
      int[] added = new int[1];
      try (ImageHasher hasher = ImageHasher.openBundled(artifact);
          BankTopic.Writer writer = topicOptions.topic().writer()) {
        FileBatches batches = new FileBatches(cli.err, modelOption.batchSize);
        failed = batches.processAll(files, hasher::hashBoth, (file, both) -> {
          String contentId = contentIdOf(file);
          writer.put(entry(contentId, MatchSignal.PDQ, both.pdq().get(PdqDihedral.ORIGINAL).hex(),
              both.pdq().quality(), null, null));
          writer.put(entry(contentId, MatchSignal.CROVCA,
              HexCodes.encode(hasher.codeLength(), both.code(), 0), null, version,
              hasher.codeLength().bits()));
          added[0]++;
        });
        writer.commit();
      }
      cli.err.println("added " + added[0] + " of " + files.size() + " images to bank " + bank
          + " (" + verdict + "): PDQ and CroVCA of model " + version);
      return failed == 0 ? 0 : 1;
    }

    private BankSignal entry(String contentId, MatchSignal signal, String hex, Integer quality,
        String modelVersion, Integer bits) {
      return BankSignal.newBuilder()
          .setBank(bank)
          .setContentId(contentId)
          .setBankContentId(BankKeys.bankContentId(bank, contentId))
          .setSignalType(signal)
          .setSignal(hex)
          .setQuality(quality)
          .setModelVersion(modelVersion)
          .setBits(bits)
          .setVerdict(verdict)
          .setTags(tags)
          .setAddedAt(cli.clock.instant())
          .setAddedBy("hashstream bank add")
          .build();
    }

    /** The file's path under the folder argument it was found in, or its name. */
    private String contentIdOf(Path file) {
      for (Path input : inputs) {
        if (Files.isDirectory(input) && file.startsWith(input)) {
          return input.relativize(file).toString().replace('\\', '/');
        }
      }
      return file.getFileName().toString();
    }
  }

  /** {@code bank import}: a hash-list file into a bank. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      exitCodeOnExecutionException = 2,
      description = {
        "Import a hash list into a bank. CSV: 'hash[,content_id[,tags]]' with or without a header"
            + " line naming the columns (hash|signal|pdq, content_id|id, tags, signal_type,"
            + " quality, model_version, bits); tags separated by spaces or ';'. JSON lines:"
            + " {\"signal_type\":\"pdq\",\"signal\":\"...\",\"content_id\":\"...\"} (also tags,"
            + " quality, model_version and bits for crovca codes). A row without a content id gets"
            + " its hash as id.",
        "Bad rows (bad hex, wrong length, unknown signal type, duplicate ids, malformed lines) are"
            + " listed with their line numbers; the good rows go in and the exit status is 1."
            + " With --strict the first bad row refuses the whole file: nothing is written."
      })
  static final class Import implements Callable<Integer> {
    @CommandLine.ParentCommand BankCli cli;

    @Option(names = "--bank", required = true, description = "the bank") String bank;

    @Option(names = "--verdict", defaultValue = "REVIEW",
        description = "REMOVE, REVIEW or ALLOW (default ${DEFAULT-VALUE})")
    Verdict verdict;

    @Option(names = "--format", defaultValue = "auto",
        description = "auto (by the file name: .jsonl/.ndjson/.json are JSON lines), csv or jsonl")
    String format;

    @Option(names = "--strict", description = "refuse the whole file on its first bad row")
    boolean strict;

    @Option(names = "--tag", description = "a tag for every entry (repeatable)")
    List<String> tags = new ArrayList<>();

    @Mixin BankTopicOptions topicOptions;

    @Parameters(paramLabel = "FILE", description = "the hash list") Path file;

    @Override
    public Integer call() throws IOException {
      requireVerdict(verdict);
      ExchangeFormat f = switch (format.toLowerCase(Locale.ROOT)) {
        case "auto" -> ExchangeFormat.ofFileName(file);
        case "csv" -> ExchangeFormat.CSV;
        case "jsonl" -> ExchangeFormat.JSONL;
        default -> throw new CommandLine.ParameterException(new CommandLine(this),
            "--format must be auto, csv or jsonl, got '" + format + "'");
      };
      BankImporter.Report r = new BankImporter(topicOptions.topic(), bank, verdict, tags,
          "hashstream bank import " + file.getFileName(), cli.clock).run(file, f, strict,
          total -> {
            CountProgress meter =
                new CountProgress(cli.err, "rows", total, System::nanoTime, 2_000_000_000L);
            return done -> meter.update(done, 0);
          });
      for (BadRow bad : r.listed()) {
        cli.err.println(file + ": " + bad);
      }
      if (r.badRows() > r.listed().size()) {
        cli.err.println("... and " + (r.badRows() - r.listed().size()) + " more bad rows");
      }
      if (r.refused()) {
        cli.err.println("refused " + file + " (--strict): line " + r.listed().get(0).line()
            + " is bad; nothing was imported");
        return 1;
      }
      cli.err.printf(Locale.ROOT, "imported %d rows of %s into bank %s (%s) in %.1f s (%.0f rows/s);"
              + " %d bad rows%n", r.imported(), file, bank, verdict, r.seconds(),
          r.imported() / Math.max(r.seconds(), 1e-9), r.badRows());
      return r.badRows() == 0 ? 0 : 1;
    }
  }

  /** {@code bank remove}: take content out of a bank. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      exitCodeOnExecutionException = 2,
      description = "Remove content (every signal of it) from a bank, or the whole bank with --all:"
          + " a tombstone per entry; the streaming job stops matching it within seconds.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.ParentCommand BankCli cli;

    @Option(names = "--bank", required = true, description = "the bank") String bank;

    @Option(names = "--content-id", description = "a content id to remove (repeatable)")
    List<String> contentIds = new ArrayList<>();

    @Option(names = "--all", description = "remove every entry of the bank") boolean all;

    @Mixin BankTopicOptions topicOptions;

    @Override
    public Integer call() {
      if (all == !contentIds.isEmpty()) {
        throw new CommandLine.ParameterException(new CommandLine(this),
            "give either --content-id (one or more) or --all");
      }
      BankTopic topic = topicOptions.topic();
      TreeMap<String, BankSignal> table = topic.read(bank);
      Set<String> wanted = new TreeSet<>(contentIds);
      Set<String> found = new TreeSet<>();
      long removed = 0;
      try (BankTopic.Writer writer = topic.writer()) {
        for (Map.Entry<String, BankSignal> e : table.entrySet()) {
          String id = e.getValue().getContentId();
          if (all || wanted.contains(id)) {
            writer.remove(e.getKey());
            found.add(id);
            removed++;
          }
        }
        writer.commit();
      }
      wanted.removeAll(found);
      wanted.forEach(id -> cli.err.println("bank " + bank + " holds no content '" + id + "'"));
      cli.err.println("removed " + removed + " entries of " + found.size() + " contents from bank "
          + bank);
      return wanted.isEmpty() ? 0 : 1;
    }
  }

  /** {@code bank export}: a bank as a file others can import. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      exitCodeOnExecutionException = 2,
      description = "Write a bank out for sharing: csv ('hash,content_id,tags' with a header, PDQ"
          + " entries only: what hash-sharing programmes exchange) or jsonl (every signal, with"
          + " signal_type, quality, model_version and bits). Sorted by content id.")
  static final class Export implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.ParentCommand BankCli cli;

    @Option(names = "--bank", required = true, description = "the bank") String bank;

    @Option(names = "--format", defaultValue = "csv", description = "csv or jsonl") String format;

    @Option(names = "--out", description = "the file to write (default: standard output)")
    Path outFile;

    @Mixin BankTopicOptions topicOptions;

    @Override
    public Integer call() throws IOException {
      boolean csv = switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "jsonl" -> false;
        default -> throw new CommandLine.ParameterException(new CommandLine(this),
            "--format must be csv or jsonl, got '" + format + "'");
      };
      List<BankSignal> entries = new ArrayList<>(topicOptions.topic().read(bank).values());
      entries.sort((a, b) -> a.getContentId().equals(b.getContentId())
          ? a.getSignalType().compareTo(b.getSignalType())
          : a.getContentId().compareTo(b.getContentId()));
      long written = 0;
      try (Writer w = outFile == null
          ? new BufferedWriter(new OutputStreamWriter(cli.out, StandardCharsets.UTF_8))
          : Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
        if (csv) {
          w.write("hash,content_id,tags\n");
        }
        for (BankSignal e : entries) {
          if (csv && e.getSignalType() != MatchSignal.PDQ) {
            continue;
          }
          w.write(csv ? csvLine(e) : jsonLine(e));
          w.write('\n');
          written++;
        }
      }
      cli.err.println("exported " + written + " entries of bank " + bank
          + (outFile == null ? "" : " to " + outFile));
      return 0;
    }

    private static String csvLine(BankSignal e) {
      return e.getSignal() + "," + CsvFields.quote(e.getContentId()) + ","
          + CsvFields.quote(String.join(" ", e.getTags()));
    }

    private static String jsonLine(BankSignal e) {
      ObjectNode n = JSON.createObjectNode();
      n.put("signal_type", e.getSignalType().name().toLowerCase(Locale.ROOT));
      n.put("signal", e.getSignal());
      n.put("content_id", e.getContentId());
      n.set("tags", JSON.valueToTree(e.getTags()));
      if (e.getQuality() != null) {
        n.put("quality", e.getQuality());
      }
      if (e.getModelVersion() != null) {
        n.put("model_version", e.getModelVersion());
        n.put("bits", e.getBits());
      }
      return n.toString();
    }
  }

  private static void requireVerdict(Verdict verdict) {
    if (verdict == Verdict.UNKNOWN) {
      throw new IllegalArgumentException("--verdict must be REMOVE, REVIEW or ALLOW");
    }
  }
}
