package io.shotsync.core;

import io.shotsync.api.Department;
import io.shotsync.api.ItemKey;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.ShotKey;
import io.shotsync.api.Version;
import io.shotsync.core.internal.files.SafePaths;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of an endpoint's shot tree: episodes, sequences, shots, departments and each available version
 * with its files. Serialises to JSON ({@code ShotSync.structureJson}) and is cached per endpoint.
 *
 * @param endpointId the endpoint scanned
 * @param scannedAt when the scan finished
 * @param shots every shot found, sorted
 * @param warnings refused names (and other things skipped on purpose), each naming the entry
 * @param errors entries the server lists that shotsync cannot read: a file of a shot may be missing from the snapshot
 */
public record Structure(String endpointId, Instant scannedAt, List<ShotNode> shots, List<String> warnings,
    List<ListingError> errors) {

  /** Copies the lists. */
  public Structure {
    shots = List.copyOf(shots);
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
  }

  /** A snapshot without errors. */
  public Structure(String endpointId, Instant scannedAt, List<ShotNode> shots, List<String> warnings) {
    this(endpointId, scannedAt, shots, warnings, List.of());
  }

  /**
   * An entry a listing holds that shotsync cannot read: a line no parser understands, or a file whose date neither
   * its line nor MDTM gives. The snapshot leaves it out, so it is an error, never a silent hole: the command's
   * {@code scan} and {@code download} exit 3, and a task fails the items it may belong to.
   *
   * @param directory the directory listed, relative to the endpoint root ({@code ""} for the root)
   * @param line the listing line as the server sent it
   * @param reason why it cannot be read
   */
  public record ListingError(String directory, String line, String reason) {
    /** One line naming the entry, where it is and why it cannot be read. */
    public String message() {
      return "cannot read an entry the server lists in '" + SafePaths.printable(directory) + "': '"
          + SafePaths.printable(line) + "' (" + reason + ")";
    }
  }

  /** The episodes, sorted. */
  public List<String> episodes() {
    return List.copyOf(new TreeSet<>(shots.stream().map(s -> s.shot().episode()).toList()));
  }

  /** The sequences of one episode, sorted. */
  public List<String> sequences(String episode) {
    return List.copyOf(new TreeSet<>(shots.stream().filter(s -> s.shot().episode().equals(episode))
        .map(s -> s.shot().sequence()).toList()));
  }

  /** The shot node for a key, if scanned. */
  public Optional<ShotNode> shot(ShotKey key) {
    return shots.stream().filter(s -> s.shot().equals(key)).findFirst();
  }

  /** The department node for an item, if scanned. */
  public Optional<DepartmentNode> department(ItemKey item) {
    return shot(item.shot()).flatMap(s -> s.department(item.department()));
  }

  /** Files in the snapshot. */
  public long fileCount() {
    return shots.stream().flatMap(s -> s.departments().stream()).flatMap(d -> d.versions().stream())
        .mapToLong(VersionNode::fileCount).sum();
  }

  /** Bytes in the snapshot. */
  public long bytes() {
    return shots.stream().flatMap(s -> s.departments().stream()).flatMap(d -> d.versions().stream())
        .mapToLong(VersionNode::bytes).sum();
  }

  /** One shot and its departments. */
  public record ShotNode(ShotKey shot, List<DepartmentNode> departments) {
    /** Copies the list. */
    public ShotNode {
      departments = List.copyOf(departments);
    }

    /** The node of one department, if present. */
    public Optional<DepartmentNode> department(Department department) {
      return departments.stream().filter(d -> d.department().equals(department)).findFirst();
    }
  }

  /**
   * One department of a shot.
   *
   * @param department the department
   * @param path the department directory relative to the endpoint root
   * @param versions available versions in numeric order
   */
  public record DepartmentNode(Department department, String path, List<VersionNode> versions) {
    /** Copies the list. */
    public DepartmentNode {
      versions = List.copyOf(versions);
    }

    /** The available versions, in numeric order. */
    public List<Version> versionList() {
      return versions.stream().map(VersionNode::version).toList();
    }

    /** The newest version, or null. */
    public @Nullable Version latest() {
      return versions.isEmpty() ? null : versions.get(versions.size() - 1).version();
    }

    /** The node of one version, if present. */
    public Optional<VersionNode> version(Version v) {
      return versions.stream().filter(n -> n.version().equals(v)).findFirst();
    }
  }

  /**
   * One version of a department.
   *
   * @param version the version
   * @param fileCount files in it
   * @param bytes their total size
   * @param newest the newest file mtime, or null
   * @param files the files, paths relative to the endpoint root
   */
  public record VersionNode(Version version, int fileCount, long bytes, @Nullable Instant newest,
      List<RemoteEntry> files) {
    /** Copies the list. */
    public VersionNode {
      files = List.copyOf(files);
    }

    /** A node computed from its files. */
    public static VersionNode of(Version version, List<RemoteEntry> files) {
      long bytes = files.stream().mapToLong(RemoteEntry::size).sum();
      Instant newest = files.stream().map(RemoteEntry::modified).filter(m -> m != null).max(Instant::compareTo)
          .orElse(null);
      return new VersionNode(version, files.size(), bytes, newest, files);
    }
  }
}
