package io.hashstream.flink.config;

import io.hashstream.schemas.Topic;
import java.io.Serializable;
import java.util.List;

/**
 * The names of the seven topics a job reads and writes. The defaults are {@link Topic}'s names
 * (the one list of topics); a configuration may rename each one.
 *
 * @param images uploads in ({@link Topic#IMAGES})
 * @param hashCodes every code out ({@link Topic#HASH_CODES})
 * @param nearDuplicates raw matches out ({@link Topic#NEAR_DUPLICATES})
 * @param control model updates in, and the job's own ACTIVATE out ({@link Topic#HASHCODER_CONTROL})
 * @param deadLetters rejected input out ({@link Topic#DEAD_LETTERS})
 * @param bankSignals bank entries in ({@link Topic#BANK_SIGNALS}, compacted)
 * @param bankMatches uploads that matched a bank entry, out ({@link Topic#BANK_MATCHES})
 */
public record TopicNames(
    String images, String hashCodes, String nearDuplicates, String control, String deadLetters,
    String bankSignals, String bankMatches)
    implements Serializable {

  /** The setting key of each topic, in {@link #all()} order. */
  static final List<String> KEYS = List.of(
      "topic.images", "topic.hash-codes", "topic.near-duplicates", "topic.dead-letters",
      "topic.control", "topic.bank-signals", "topic.bank-matches");

  /** The default names, from {@link Topic}, by setting key. */
  static final List<Topic> DEFAULTS = List.of(
      Topic.IMAGES, Topic.HASH_CODES, Topic.NEAR_DUPLICATES, Topic.DEAD_LETTERS,
      Topic.HASHCODER_CONTROL, Topic.BANK_SIGNALS, Topic.BANK_MATCHES);

  /**
   * Every name, in the order of {@link #KEYS}: images, codes, matches, dead letters, control, bank
   * signals, bank matches.
   */
  public List<String> all() {
    return List.of(images, hashCodes, nearDuplicates, deadLetters, control, bankSignals, bankMatches);
  }

  /** Which {@link Topic} a name stands for (its partitions and settings), in {@link #all()} order. */
  public static List<Topic> roles() {
    return DEFAULTS;
  }
}
