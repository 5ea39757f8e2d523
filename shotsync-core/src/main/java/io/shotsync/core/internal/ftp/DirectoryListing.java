package io.shotsync.core.internal.ftp;

import io.shotsync.api.RemoteEntry;
import io.shotsync.core.internal.files.SafePaths;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One directory's listing as its lines come in. Entries whose line gave no readable date are dated by MDTM
 * (pipelined) once the listing is complete, so they count as entries with an exact mtime; a line that cannot be read
 * at all, and a file MDTM cannot date either, is reported as unreadable (the first
 * {@value CommonsNetFtpSession#NAMED_WARNINGS} by their line, then a count), never dropped silently. Refused names are
 * warnings, as {@link CommonsNetFtpSession#toEntry} reports them.
 */
final class DirectoryListing {
  private final CommonsNetFtpSession session;
  private final String directory;
  private final FtpSession.Warnings warnings;
  /** The entries in listing order; null in the places of undated files until MDTM dates them. */
  private final List<@Nullable RemoteEntry> entries = new ArrayList<>();
  private final List<Integer> undated = new ArrayList<>();
  private final List<ListingParser.Entry> undatedEntries = new ArrayList<>();
  private final List<String> undatedLines = new ArrayList<>();
  private final List<String> unparsedLines = new ArrayList<>();
  private int unparsed;
  /** LIST lines always carry a date, so one that could not be read is asked for; MLSD may leave it out. */
  private final boolean dateMissing;

  DirectoryListing(CommonsNetFtpSession session, String directory, FtpSession.Warnings warnings, boolean list) {
    this.session = session;
    this.directory = directory;
    this.warnings = warnings;
    this.dateMissing = list;
  }

  /** Takes one parsed line. */
  void add(String line, ListingParser.Line parsed) throws IOException {
    if (parsed instanceof ListingParser.Unparsed) {
      unparsed++;
      if (unparsedLines.size() < CommonsNetFtpSession.NAMED_WARNINGS) {
        unparsedLines.add(line);
      }
    } else if (parsed instanceof ListingParser.Entry e) {
      if (dateMissing && e.modified() == null && !e.directory() && !e.symlink()
          && SafePaths.refusal(e.name()) == null) {
        undated.add(entries.size());
        undatedEntries.add(e);
        undatedLines.add(line);
        entries.add(null);
      } else {
        RemoteEntry entry = session.toEntry(directory, e, warnings);
        if (entry != null) {
          entries.add(entry);
        }
      }
    }
  }

  /** The entries, undated files dated by MDTM (pipelined); reports what cannot be read. */
  List<RemoteEntry> finish() throws IOException {
    if (!undated.isEmpty()) {
      List<String> paths = new ArrayList<>(undated.size());
      for (ListingParser.Entry e : undatedEntries) {
        paths.add(child(directory, e.name()));
      }
      List<@Nullable Instant> times = session.modificationTimes(paths);
      for (int k = 0; k < undated.size(); k++) {
        Instant t = k < times.size() ? times.get(k) : null;
        ListingParser.Entry e = undatedEntries.get(k);
        if (t == null) {
          warnings.unreadable(directory, undatedLines.get(k), "its date cannot be read and MDTM gives none");
        } else {
          entries.set(undated.get(k), RemoteEntry.file(paths.get(k), e.size(), t, Duration.ZERO));
        }
      }
    }
    for (String line : unparsedLines) {
      warnings.unreadable(directory, line, "unparsed listing line");
    }
    if (unparsed > unparsedLines.size()) {
      warnings.unreadable(directory, "...", (unparsed - unparsedLines.size())
          + " more listing lines that cannot be read");
    }
    List<RemoteEntry> out = new ArrayList<>(entries.size());
    for (RemoteEntry e : entries) {
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /** True when STAT may take the path as is: no glob characters, which a server may expand, nor a leading dash. */
  static boolean statSafe(String directory) {
    for (int i = 0; i < directory.length(); i++) {
      char c = directory.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}' || c == '\\' || c == '~' || c < ' ') {
        return false;
      }
    }
    return directory.startsWith("/");
  }

  /** The path of {@code name} in {@code directory}. */
  static String child(String directory, String name) {
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }
}
