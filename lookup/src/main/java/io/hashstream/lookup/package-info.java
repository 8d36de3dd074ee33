/**
 * The HMA-compatible look-up service ({@code ./hashstream lookup}): {@link
 * io.hashstream.lookup.LookupService} follows {@code bank-signals} into an exact in-memory index and
 * answers HMA's look-up API; {@link io.hashstream.lookup.LookupCli} runs it.
 */
package io.hashstream.lookup;
