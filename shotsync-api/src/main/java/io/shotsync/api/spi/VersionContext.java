package io.shotsync.api.spi;

import io.shotsync.api.ItemKey;
import io.shotsync.api.Version;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link VersionStrategy} knows about one item.
 *
 * @param item the shot and department
 * @param available versions on the server, in numeric order
 * @param latest the newest available version, or null when there is none
 * @param local the newest version on local disk, or null
 * @param specific the task's specific version, or null
 * @param selected the version picked for this item (custom), or null
 * @param properties the task's free settings
 * @param localRoot the local root the task writes under
 */
public record VersionContext(
    ItemKey item,
    List<Version> available,
    @Nullable Version latest,
    @Nullable Version local,
    @Nullable Version specific,
    @Nullable Version selected,
    Map<String, String> properties,
    Path localRoot) {

  /** Copies the lists. */
  public VersionContext {
    available = List.copyOf(available);
    properties = Map.copyOf(properties);
  }
}
