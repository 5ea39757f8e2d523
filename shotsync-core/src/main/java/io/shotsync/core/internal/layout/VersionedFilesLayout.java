package io.shotsync.core.internal.layout;

import io.shotsync.api.Department;
import io.shotsync.api.InvalidInputException;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.Version;
import io.shotsync.api.spi.DepartmentLayout;
import io.shotsync.api.spi.DirectoryReader;
import io.shotsync.core.internal.files.PartFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Kind {@code versioned-files}: versions are read out of file names with a pattern whose first group holds the
 * version ({@code _v(\d+)\.} by default, so {@code sh0010_light_v003.1001.exr} is {@code v003}). The version keeps
 * its spelling ({@code v003}); a group that already starts with {@code v} is taken as is. Temporary and kept-aside
 * files ({@link PartFiles#isShotsyncName}) belong to no version, whatever their names hold.
 */
public final class VersionedFilesLayout implements DepartmentLayout {
  /** The kind name. */
  public static final String KIND = "versioned-files";
  /** The default pattern. */
  public static final String DEFAULT_PATTERN = "_v(\\d+)\\.";

  private final Department department;
  private final String path;
  private final Pattern pattern;
  private final boolean recursive;

  /**
   * A layout for one department.
   *
   * @param pattern a regular expression with at least one group: the version digits (or {@code v} and digits)
   * @param recursive look into subfolders too (false: only files directly in the department directory)
   * @throws InvalidInputException for a malformed pattern
   */
  public VersionedFilesLayout(Department department, String path, String pattern, boolean recursive) {
    this.department = department;
    this.path = LayoutPaths.checkRelative(path, "path of department " + department);
    try {
      this.pattern = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new InvalidInputException("malformed pattern '" + pattern + "' of department " + department + ": "
          + e.getDescription());
    }
    if (this.pattern.matcher("").groupCount() < 1) {
      throw new InvalidInputException("pattern '" + pattern + "' of department " + department
          + " needs a group around the version number, like _v(\\d+)\\.");
    }
    this.recursive = recursive;
  }

  @Override
  public Department department() {
    return department;
  }

  @Override
  public String path() {
    return path;
  }

  /** The pattern. */
  public String pattern() {
    return pattern.pattern();
  }

  /** True when subfolders are searched too. */
  public boolean recursive() {
    return recursive;
  }

  @Override
  public SortedMap<Version, List<RemoteEntry>> versions(DirectoryReader reader) {
    SortedMap<Version, List<RemoteEntry>> out = new TreeMap<>();
    List<RemoteEntry> files = recursive ? reader.walk("")
        : reader.list("").stream().filter(e -> !e.directory()).toList();
    for (RemoteEntry f : files) {
      Version v = versionOf(f.path());
      if (v != null) {
        out.computeIfAbsent(v, k -> new ArrayList<>()).add(f);
      }
    }
    return out;
  }

  @Override
  public @Nullable Version versionOf(String relativePath) {
    if (!recursive && relativePath.indexOf('/') >= 0) {
      return null;
    }
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    if (PartFiles.isShotsyncName(name)) {
      // a temporary or kept-aside file: x_v002.0001.exr.shotsync-kept-... is no frame of v002
      return null;
    }
    Matcher m = pattern.matcher(name);
    if (!m.find() || m.group(1) == null) {
      return null;
    }
    String g = m.group(1);
    Version v = Version.tryParse(g);
    return v != null ? v : Version.tryParse("v" + g);
  }

  @Override
  public String toString() {
    return department + " " + KIND + " at " + path + " (" + pattern + ")";
  }
}
