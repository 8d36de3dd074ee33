package io.hashstream.flink.topology;

import io.hashstream.schemas.BankMatch;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where the job's five outputs go: Kafka in production ({@code KafkaSinks}), collecting sinks in
 * tests. The pipeline only wires them.
 *
 * @param nearDuplicates raw matches
 * @param hashCodes every code, tagged with its model version
 * @param deadLetters rejected input of every step
 * @param activations the job's own {@code ACTIVATE} messages, written back to the control topic
 *     (which the control source reads: the swap's barrier is a record in that topic)
 * @param bankMatches uploads that matched a bank entry
 */
public record JobSinks(
    Sink<NearDuplicate> nearDuplicates,
    Sink<HashCode> hashCodes,
    Sink<DeadLetter> deadLetters,
    Sink<ModelUpdate> activations,
    Sink<BankMatch> bankMatches) {

  /** Refuses a missing sink. */
  public JobSinks {
    Objects.requireNonNull(nearDuplicates, "nearDuplicates");
    Objects.requireNonNull(hashCodes, "hashCodes");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(activations, "activations");
    Objects.requireNonNull(bankMatches, "bankMatches");
  }
}
