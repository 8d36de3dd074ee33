package io.hashstream.trainer.bank;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats hash lists are exchanged in. */
public enum ExchangeFormat {
  /** {@code hash[,content_id[,tags]]}, with or without a header line naming the columns. */
  CSV,
  /** One JSON object per line: {@code {"signal_type":"pdq","signal":"…","content_id":"…"}}. */
  JSONL;

  /** The format a file's name suggests: {@code .jsonl}, {@code .ndjson}, {@code .json} are JSON lines. */
  public static ExchangeFormat ofFileName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")
        ? JSONL : CSV;
  }
}
