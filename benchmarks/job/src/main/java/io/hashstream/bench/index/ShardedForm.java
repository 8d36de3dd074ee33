package io.hashstream.bench.index;

import io.hashstream.index.result.MatchSink;

/**
 * One of the two ways of cutting the index into Flink keys, behind one small interface so the
 * sharding benchmark times both the same way. A query runs over every key it must touch, in this
 * one thread: the time is the total work a query causes, whichever subtasks would do it.
 */
interface ShardedForm {
  /** Runs a range query over every key it touches; returns the number of keys touched. */
  int rangeSearch(long query, int radius, MatchSink sink);

  /** Returns the number of keys one insert writes to. */
  int keysPerInsert();

  /** Returns the heap bytes of all keys together. */
  long footprintBytes();

  /** Returns the number of keys the form is cut into. */
  int keyCount();
}
