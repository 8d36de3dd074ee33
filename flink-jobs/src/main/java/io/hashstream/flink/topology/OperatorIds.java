package io.hashstream.flink.topology;

import io.hashstream.flink.swap.ModelSlots;
import io.hashstream.flink.swap.SwapReady;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/**
 * Every name of the job's topology that outlives a run: operator uids (a savepoint maps state to
 * operators by uid), side-output tags and the broadcast state's name. The job turns off
 * automatically generated uids, so an operator without one here fails at submission.
 *
 * <p><b>Never change a value</b>: a renamed uid or state orphans that operator's state in every
 * savepoint and checkpoint taken so far (a restore then fails, or silently starts empty with
 * {@code --allowNonRestoredState}). Review must flag any change to this file.
 */
public final class OperatorIds {
  /** The Kafka source of {@code images}. */
  public static final String IMAGES_SOURCE = "source-images";
  /** The Kafka source of {@code hashcoder-control}. */
  public static final String CONTROL_SOURCE = "source-control";
  /** The Kafka source of {@code bank-signals}. */
  public static final String BANK_SIGNALS_SOURCE = "source-bank-signals";
  /** The swap ticker's generator source. */
  public static final String SWAP_TICKS = "swap-ticks";
  /** Decoding and checking uploads. */
  public static final String INGEST = "ingest";
  /** Decoding control messages. */
  public static final String CONTROL_DECODE = "control-decode";
  /** Batched inference (async). */
  public static final String INFERENCE = "inference";
  /** Query-then-insert and the hot swap, keyed by tenant. */
  public static final String MATCH = "match";
  /** Decoding and checking bank entries. */
  public static final String BANK_DECODE = "bank-decode";
  /** Each hashed upload's bank look-up, before it is broadcast. */
  public static final String BANK_QUERIES = "bank-queries";
  /** The bank matcher: entries partitioned by id, queries broadcast. */
  public static final String BANK_MATCH = "bank-match";
  /** Joining hits with their entries' records and the tenants' subscriptions. */
  public static final String BANK_ENRICH = "bank-enrich";
  /** The swap barrier that writes ACTIVATE. */
  public static final String SWAP_COORDINATOR = "swap-coordinator";
  /** The exactly-once sink of {@code near-duplicates}. */
  public static final String NEAR_DUPLICATES_SINK = "sink-near-duplicates";
  /** The exactly-once sink of {@code hash-codes}. */
  public static final String HASH_CODES_SINK = "sink-hash-codes";
  /** The exactly-once sink of {@code dead-letters}. */
  public static final String DEAD_LETTERS_SINK = "sink-dead-letters";
  /** The exactly-once sink of {@code bank-matches}. */
  public static final String BANK_MATCHES_SINK = "sink-bank-matches";
  /** The at-least-once sink of the job's own ACTIVATE messages to {@code hashcoder-control}. */
  public static final String ACTIVATE_SINK = "sink-control";

  /** Rejected input of every step (the job's one dead-letter stream). */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  /** Every code the match step computed or indexed, tagged with its model version. */
  public static final OutputTag<HashCode> HASH_CODES =
      new OutputTag<>("hash-codes", new AvroTypeInfo<>(HashCode.class));

  /** A match subtask's report that it prepared a model version. */
  public static final OutputTag<SwapReady> SWAP_READY =
      new OutputTag<>("swap-ready", TypeInformation.of(SwapReady.class));

  /** The broadcast state: which model each index slot serves. */
  public static final MapStateDescriptor<String, ModelSlots> MODEL_SLOTS =
      new MapStateDescriptor<>("model-slots", Types.STRING, TypeInformation.of(ModelSlots.class));

  private OperatorIds() {}
}
