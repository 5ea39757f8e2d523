package io.shotsync.core;

import io.shotsync.api.ItemKey;
import io.shotsync.api.Version;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of a comparison: what a UI needs to draw the custom version matrix.
 *
 * @param item shot and department
 * @param available versions on the server in numeric order
 * @param latest the newest of them, or null
 * @param local the newest version on local disk, or null
 * @param status how local stands against the server
 * @param latestFiles files in the latest version
 * @param latestBytes bytes in the latest version
 */
public record ComparisonRow(ItemKey item, List<Version> available, @Nullable Version latest,
    @Nullable Version local, ComparisonStatus status, int latestFiles, long latestBytes) {

  /** Copies the list. */
  public ComparisonRow {
    available = List.copyOf(available);
  }
}
