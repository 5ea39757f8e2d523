package io.shotsync.core.internal.store;

import io.shotsync.api.spi.TaskStore.StoredStructure;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A snapshot whose JSON is written only when someone reads it (a one-shot run never does). */
final class LazyStructure {
  private final String endpointId;
  private final Instant scannedAt;
  private @Nullable Supplier<String> writer;
  private @Nullable String json;

  LazyStructure(String endpointId, Supplier<String> writer, Instant scannedAt) {
    this.endpointId = endpointId;
    this.writer = writer;
    this.scannedAt = scannedAt;
  }

  Instant scannedAt() {
    return scannedAt;
  }

  synchronized StoredStructure stored() {
    if (json == null) {
      json = Objects.requireNonNull(writer).get();
      writer = null;
    }
    return new StoredStructure(endpointId, json, scannedAt);
  }
}
