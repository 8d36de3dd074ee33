/**
 * How the streaming job keeps its state: {@link io.hashstream.flink.state.TenantIndexState}, every
 * tenant's items (image id, upload time, {@link io.hashstream.flink.state.CompactEmbedding}) and
 * codes in RocksDB keyed state, in two {@link io.hashstream.flink.state.Slot}s (the active model's
 * codes and, during a swap, the next model's), with an exact heap index per tenant and slot built
 * from them.
 *
 * <pre>{@code
 * TenantIndexState index = new TenantIndexState();   // open(): index.open(getRuntimeContext());
 * Matches m = index.search(tenant, Slot.A, version, code, radius, coder);   // query first,
 * index.insert(tenant, item, Map.of(Slot.A, new VersionedCode(version, code)), coder); // then insert
 * }</pre>
 */
package io.hashstream.flink.state;
