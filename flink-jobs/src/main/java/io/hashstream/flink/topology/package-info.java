/**
 * The job's durable names: {@link io.hashstream.flink.topology.OperatorIds} holds every operator
 * uid, side-output tag and broadcast state descriptor, in one place, because savepoints depend on
 * them. A bottom package: the functions and the pipeline use it, it uses only the message types.
 */
package io.hashstream.flink.topology;
