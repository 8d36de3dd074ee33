package io.hashstream.alerts.processor;

import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.NearDuplicate;

/**
 * A match with what the banks say about it: a match of two uploads with the matched image's bank,
 * or an upload's match of a bank entry. Exactly one of {@code match} and {@code entry} is set.
 *
 * @param match the match of two uploads, or null
 * @param entry the match of a bank entry, or null
 * @param hit the bank the matched image or entry is in (within that bank's distance limit), or null
 * @param retroactive whether a verdict that arrived after the match produced this
 */
public record Assessment(NearDuplicate match, BankMatch entry, BankHit hit, boolean retroactive) {

  /** A match of two uploads. */
  static Assessment of(NearDuplicate match, BankHit hit, boolean retroactive) {
    return new Assessment(match, null, hit, retroactive);
  }

  /** A match of a bank entry, within its bank's limit. */
  static Assessment of(BankMatch entry, BankHit hit) {
    return new Assessment(null, entry, hit, false);
  }
}
