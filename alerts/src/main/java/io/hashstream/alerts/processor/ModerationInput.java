package io.hashstream.alerts.processor;

import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;

/** What the moderation sub-topology consumes, both keyed {@code tenant/imageId}. */
public sealed interface ModerationInput {

  /** A raw match from the streaming job. */
  record Match(NearDuplicate match) implements ModerationInput {}

  /** An upload matched a bank entry (a hash from a list, no image). */
  record EntryMatch(BankMatch match) implements ModerationInput {}

  /**
   * A verdict placed, changed or removed.
   *
   * @param key {@code tenant/imageId}
   * @param verdict the new verdict, or null where it was removed (a tombstone)
   */
  record VerdictChange(String key, ModerationVerdict verdict) implements ModerationInput {}
}
