package io.shotsync.api.spi;

import io.shotsync.api.ItemKey;
import io.shotsync.api.TaskSpec;
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
 * @param spec the whole task spec: the inputs of plugin strategies are its {@link TaskSpec#properties()}, or null
 *     where no task is at hand
 */
public record VersionContext(
    ItemKey item,
    List<Version> available,
    @Nullable Version latest,
    @Nullable Version local,
    @Nullable Version specific,
    @Nullable Version selected,
    Map<String, String> properties,
    Path localRoot,
    @Nullable TaskSpec spec) {

  /** Copies the lists. */
  public VersionContext {
    available = List.copyOf(available);
    properties = Map.copyOf(properties);
  }

  /** A context without a spec at hand. */
  public VersionContext(ItemKey item, List<Version> available, @Nullable Version latest, @Nullable Version local,
      @Nullable Version specific, @Nullable Version selected, Map<String, String> properties, Path localRoot) {
    this(item, available, latest, local, specific, selected, properties, localRoot, null);
  }

  /** A strategy input from the task's properties, or null. */
  public @Nullable String input(String key) {
    return properties.get(key);
  }
}
