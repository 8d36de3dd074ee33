package io.hashstream.trainer.bank;

/**
 * A row an exchange file holds that cannot go into a bank, and why.
 *
 * @param line the line number (1-based)
 * @param reason what is wrong, for a human
 */
public record BadRow(long line, String reason) {
  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
