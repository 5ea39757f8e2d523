package io.shotsync.core.internal.ftp;

import io.shotsync.api.Endpoint;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.RemoteException.Kind;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.files.SafePaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPConnectionClosedException;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link FtpSession} over one commons-net control connection: timeouts on connect, control and data; UTF-8
 * names; binary type; passive mode (EPSV, falling back to PASV); listings streamed line by line.
 */
public final class CommonsNetFtpSession implements FtpSession {
  private static final Logger LOG = LoggerFactory.getLogger(CommonsNetFtpSession.class);
  /** Unparsed lines named one by one in a listing's warnings before only the count is given. */
  static final int NAMED_WARNINGS = 20;

  private final Endpoint endpoint;
  private final SyncOptions options;
  private final DataClient data;
  private final FTPClient ftp;
  private final ServerInfo server;
  private boolean broken;
  private long lastUsed = System.nanoTime();

  /** Facts about the server shared by a pool's sessions: capabilities and the listing style that worked. */
  static final class ServerInfo {
    volatile @Nullable Capabilities capabilities;
    volatile ListingParser.@Nullable Style listStyle;
    /** Whether {@code STAT <dir>} lists a directory over the control connection: null until tried. */
    volatile @Nullable Boolean statLists;
  }

  /** MDTM commands sent in one write before their replies are read; small enough never to fill a socket buffer. */
  static final int PIPELINE_BATCH = 64;

  private CommonsNetFtpSession(Endpoint endpoint, SyncOptions options, DataClient data, ServerInfo server) {
    this.endpoint = endpoint;
    this.options = options;
    this.data = data;
    this.ftp = data.client();
    this.server = server;
  }

  /** Connects and logs in one session on its own (capabilities read from the server). */
  public static CommonsNetFtpSession open(Endpoint endpoint, SyncOptions options) {
    return open(endpoint, options, FtpsTrust.standard(), new ServerInfo());
  }

  static CommonsNetFtpSession open(Endpoint endpoint, SyncOptions options, FtpsTrust trust, ServerInfo server) {
    DataClient data = endpoint.ftps() ? DataClient.secure(trust.context(endpoint)) : DataClient.plain();
    FTPClient ftp = data.client();
    ftp.setControlEncoding(StandardCharsets.UTF_8.name());
    ftp.setConnectTimeout(millis(options.connectTimeout()));
    ftp.setDefaultTimeout(millis(options.dataTimeout()));
    ftp.setDataTimeout(options.dataTimeout());
    ftp.setUseEPSVwithIPv4(true);
    if (ftp instanceof FTPSClient tls) {
      tls.setEndpointCheckingEnabled(trust.checkHostName(endpoint));
    }
    CommonsNetFtpSession s = new CommonsNetFtpSession(endpoint, options, data, server);
    String where = endpoint.id() + " (" + endpoint.host() + ":" + endpoint.port() + ")";
    try {
      ftp.connect(endpoint.host(), endpoint.port());
      int reply = ftp.getReplyCode();
      if (!FTPReply.isPositiveCompletion(reply)) {
        s.close();
        Kind kind = reply == 421 || reply / 100 == 4 ? Kind.TRANSIENT : Kind.UNREACHABLE;
        throw new RemoteException(kind, reply, "connect to " + where + " refused: " + FtpErrors.clean(ftp.getReplyString()), null);
      }
      ftp.setSoTimeout(millis(options.dataTimeout()));
      String password = endpoint.password() == null ? "shotsync@" : endpoint.password().reveal();
      if (!ftp.login(endpoint.user(), password)) {
        int code = ftp.getReplyCode();
        String text = FtpErrors.clean(ftp.getReplyString());
        s.close();
        Kind kind = code == 421 || code / 100 == 4 ? Kind.TRANSIENT : Kind.LOGIN_REFUSED;
        throw new RemoteException(kind, code, "login of user '" + SafePaths.printable(endpoint.user()) + "' at "
            + where + " refused: " + text, null);
      }
      if (data instanceof DataClient.Secure tls) {
        tls.protectData();
      }
      Capabilities caps = server.capabilities;
      if (caps == null) {
        caps = s.readCapabilities();
        server.capabilities = caps;
        LOG.debug("endpoint {} capabilities: {}", endpoint.id(), caps);
      }
      if (caps.utf8()) {
        ftp.sendCommand("OPTS", "UTF8 ON"); // a refusal changes nothing: names are sent as UTF-8 anyway
      }
      if (server.listStyle == null) {
        server.listStyle = caps.mlsd() ? ListingParser.Style.MLSD : s.guessListStyle();
      }
      if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) {
        int code = ftp.getReplyCode();
        String text = ftp.getReplyString();
        s.close();
        throw FtpErrors.reply("TYPE I at " + where, code, text);
      }
      ftp.enterLocalPassiveMode();
      return s;
    } catch (FTPConnectionClosedException e) {
      int code = ftp.getReplyCode();
      String text = FtpErrors.clean(ftp.getReplyString());
      s.close();
      if (code == 421) {
        throw new RemoteException(Kind.TRANSIENT, 421, "connect to " + where + " refused: " + text, e);
      }
      throw FtpErrors.io("connect to " + where, e);
    } catch (IOException e) {
      s.close();
      throw FtpErrors.io("connect to " + where, e);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private Capabilities readCapabilities() throws IOException {
    List<String> raw = new ArrayList<>();
    if (ftp.features()) {
      String[] lines = ftp.getReplyStrings();
      for (int i = 1; i < lines.length - 1; i++) {
        raw.add(lines[i].strip());
      }
    }
    boolean mlsd = false;
    boolean mdtm = false;
    boolean mfmt = false;
    boolean size = false;
    boolean rest = false;
    boolean utf8 = false;
    Set<String> hashes = new HashSet<>();
    for (String line : raw) {
      String[] parts = line.split("\\s+", 2);
      String name = parts[0].toUpperCase(Locale.ROOT);
      String arg = parts.length > 1 ? parts[1] : "";
      switch (name) {
        case "MLST", "MLSD" -> mlsd = true;
        case "MDTM" -> mdtm = true;
        case "MFMT" -> mfmt = true;
        case "SIZE" -> size = true;
        case "REST" -> rest = arg.toUpperCase(Locale.ROOT).contains("STREAM");
        case "UTF8" -> utf8 = true;
        case "XMD5" -> hashes.add("MD5");
        case "XCRC" -> hashes.add("CRC32");
        case "HASH" -> {
          for (String algo : arg.split(";")) {
            if (!algo.isBlank()) {
              hashes.add(algo.replace("*", "").strip().toUpperCase(Locale.ROOT));
            }
          }
        }
        default -> { }
      }
    }
    if (!mlsd) {
      // some servers have MLST/MLSD but leave it out of FEAT (or have no FEAT): ask once
      int code = ftp.sendCommand("MLST", endpoint.root());
      mlsd = FTPReply.isPositiveCompletion(code);
    }
    return new Capabilities(mlsd, mdtm, mfmt, size, rest, utf8, hashes, raw);
  }

  private ListingParser.Style guessListStyle() throws IOException {
    String syst = null;
    if (FTPReply.isPositiveCompletion(ftp.syst())) {
      syst = ftp.getReplyString();
    }
    return syst != null && syst.toUpperCase(Locale.ROOT).contains("WINDOWS") ? ListingParser.Style.NT
        : ListingParser.Style.UNIX;
  }

  @Override
  public Capabilities capabilities() {
    Capabilities c = server.capabilities;
    return c == null ? Capabilities.none() : c;
  }

  @Override
  public List<RemoteEntry> list(String directory, Warnings warnings) {
    touch();
    ListingParser.Style style = server.listStyle;
    boolean mlsd = style == ListingParser.Style.MLSD;
    String what = (mlsd ? "MLSD " : "LIST ") + SafePaths.printable(directory) + " on " + endpoint.id();
    List<RemoteEntry> out;
    try {
      if (!mlsd && server.statLists != Boolean.FALSE && statSafe(directory)) {
        List<RemoteEntry> viaStat = statList(directory, style, warnings);
        if (viaStat != null) {
          return viaStat;
        }
      }
      if (!mlsd && !ftp.changeWorkingDirectory(directory)) {
        throw FtpErrors.reply("CWD " + SafePaths.printable(directory) + " on " + endpoint.id(), ftp.getReplyCode(),
            ftp.getReplyString());
      }
      Socket socket = data.openData(mlsd ? "MLSD" : "LIST", mlsd ? directory : null);
      if (socket == null) {
        throw FtpErrors.reply(what, ftp.getReplyCode(), ftp.getReplyString());
      }
      ListingParser parser = new ListingParser(style == null ? ListingParser.Style.UNIX : style);
      Listing listing = new Listing(directory, warnings, !mlsd);
      try (socket;
          BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          listing.add(line, parser.parse(line));
        }
      }
      if (!mlsd && parser.style() != style) {
        server.listStyle = parser.style();
      }
      if (!ftp.completePendingCommand()) {
        throw FtpErrors.reply(what, ftp.getReplyCode(), ftp.getReplyString());
      }
      out = listing.finish();
      if (out.isEmpty() && mlsd && !ftp.changeWorkingDirectory(directory)) {
        // some servers answer MLSD of a missing directory with an empty 226: an empty listing must be a directory
        throw FtpErrors.reply(what, ftp.getReplyCode(), ftp.getReplyString());
      }
      return out;
    } catch (IOException e) {
      broken = true;
      throw FtpErrors.session(what, e);
    } catch (RemoteException e) {
      if (e.kind() != Kind.PERMANENT) {
        broken = true;
      }
      throw e;
    }
  }

  /**
   * Lists a directory with {@code STAT <dir>}: the listing comes back as a multi-line reply on the control
   * connection, without a data connection (vsftpd, ProFTPD). The reply counts as a listing only when it holds the
   * directory's own {@code .} entry, so a missing directory, a file or a server whose STAT says something else falls
   * back to LIST (which reports errors properly); a server whose first STAT is no listing is never asked again.
   */
  private @Nullable List<RemoteEntry> statList(String directory, ListingParser.@Nullable Style style,
      Warnings warnings) throws IOException {
    int code = ftp.sendCommand("STAT", directory);
    String[] lines = ftp.getReplyStrings();
    if (!(code == 211 || code == 212 || code == 213) || lines.length < 3) {
      if (server.statLists == null) {
        server.statLists = false;
      }
      return null;
    }
    ListingParser parser = new ListingParser(style == null ? ListingParser.Style.UNIX : style);
    Listing listing = new Listing(directory, warnings, true);
    boolean self = false;
    for (int i = 1; i < lines.length - 1; i++) {
      String line = lines[i];
      ListingParser.Line parsed = parser.parse(line);
      if (parsed instanceof ListingParser.Skip skip) {
        self |= skip.why().equals("cdir/pdir") && ListingParser.isSelf(line);
      }
      listing.add(line, parsed);
    }
    if (!self) {
      if (server.statLists == null) {
        server.statLists = false;
      }
      return null;
    }
    server.statLists = true;
    if (parser.style() != style) {
      server.listStyle = parser.style();
    }
    return listing.finish();
  }

  /**
   * One directory's listing as its lines come in. Entries whose line gave no readable date are dated by MDTM
   * (pipelined) once the listing is complete, so they count as entries with an exact mtime; a line that cannot be read at all, and a file MDTM cannot date either,
   * is reported as unreadable (the first {@value #NAMED_WARNINGS} by their line, then a count), never dropped
   * silently. Refused names are warnings, as {@link #toEntry} reports them.
   */
  private final class Listing {
    private final String directory;
    private final Warnings warnings;
    /** The entries in listing order; null in the places of undated files until MDTM dates them. */
    private final List<@Nullable RemoteEntry> entries = new ArrayList<>();
    private final List<Integer> undated = new ArrayList<>();
    private final List<ListingParser.Entry> undatedEntries = new ArrayList<>();
    private final List<String> undatedLines = new ArrayList<>();
    private final List<String> unparsedLines = new ArrayList<>();
    private int unparsed;
    /** LIST lines always carry a date, so one that could not be read is asked for; MLSD may leave it out. */
    private final boolean dateMissing;

    Listing(String directory, Warnings warnings, boolean list) {
      this.directory = directory;
      this.warnings = warnings;
      this.dateMissing = list;
    }

    /** Takes one parsed line. */
    void add(String line, ListingParser.Line parsed) throws IOException {
      if (parsed instanceof ListingParser.Unparsed) {
        unparsed++;
        if (unparsedLines.size() < NAMED_WARNINGS) {
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
          RemoteEntry entry = toEntry(directory, e, warnings);
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
        List<@Nullable Instant> times = modificationTimes(paths);
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

  private @Nullable RemoteEntry toEntry(String directory, ListingParser.Entry e, Warnings warnings) throws IOException {
    String why = SafePaths.refusal(e.name());
    String path = child(directory, e.name());
    if (why != null) {
      warnings.warn("refused remote name '" + SafePaths.printable(e.name()) + "' in " + SafePaths.printable(directory)
          + ": " + why);
      return null;
    }
    boolean dir = e.directory();
    if (e.symlink()) {
      if (!options.followSymlinks()) {
        LOG.debug("symbolic link {} not followed", SafePaths.printable(path));
        return null;
      }
      dir = isDirectory(path);
    }
    return dir ? RemoteEntry.directory(path, e.modified())
        : RemoteEntry.file(path, e.size(), e.modified(), e.precision());
  }

  private boolean isDirectory(String path) throws IOException {
    // for a followed link only: the working directory does not matter, every other command uses absolute paths
    return ftp.changeWorkingDirectory(path);
  }

  static String child(String directory, String name) {
    return directory.endsWith("/") ? directory + name : directory + "/" + name;
  }

  @Override
  public @Nullable Instant modificationTime(String path) {
    touch();
    try {
      int code = ftp.sendCommand("MDTM", path);
      if (!FTPReply.isPositiveCompletion(code)) {
        if (code == 500 || code == 502 || code == 504) {
          return null;
        }
        throw FtpErrors.reply("MDTM " + SafePaths.printable(path), code, ftp.getReplyString());
      }
      return mdtmReply(ftp.getReplyString());
    } catch (IOException e) {
      broken = true;
      throw FtpErrors.session("MDTM " + SafePaths.printable(path), e);
    }
  }

  /** {@inheritDoc} Sends the MDTMs in pipelined batches of {@value #PIPELINE_BATCH}. */
  @Override
  public List<@Nullable Instant> modificationTimes(List<String> paths) {
    touch();
    List<@Nullable Instant> out = new ArrayList<>(paths.size());
    try {
      for (int from = 0; from < paths.size(); from += PIPELINE_BATCH) {
        List<String> batch = paths.subList(from, Math.min(paths.size(), from + PIPELINE_BATCH));
        List<String> commands = new ArrayList<>(batch.size());
        for (String p : batch) {
          commands.add("MDTM " + p);
        }
        for (String reply : data.pipeline(commands)) {
          out.add(mdtmReply(reply));
        }
      }
      touch();
      return out;
    } catch (IOException e) {
      broken = true;
      throw FtpErrors.session("MDTM of " + paths.size() + " files", e);
    }
  }

  /** The time in {@code 213 YYYYMMDDHHMMSS[.sss]}, or null for any other reply. */
  static @Nullable Instant mdtmReply(String reply) {
    String r = reply.strip();
    if (!r.startsWith("213 ")) {
      return null;
    }
    String value = r.substring(4).strip();
    int space = value.indexOf(' ');
    return ListingParser.mlsdTime(space < 0 ? value : value.substring(0, space));
  }

  @Override
  public long size(String path) {
    touch();
    try {
      int code = ftp.sendCommand("SIZE", path);
      if (!FTPReply.isPositiveCompletion(code)) {
        throw FtpErrors.reply("SIZE " + SafePaths.printable(path), code, ftp.getReplyString());
      }
      String[] parts = ftp.getReplyString().strip().split("\\s+");
      try {
        return Long.parseLong(parts[parts.length - 1]);
      } catch (NumberFormatException e) {
        throw new RemoteException(Kind.PERMANENT, code, "SIZE " + SafePaths.printable(path) + ": malformed reply '"
            + FtpErrors.clean(ftp.getReplyString()) + "'", e);
      }
    } catch (IOException e) {
      broken = true;
      throw FtpErrors.session("SIZE " + SafePaths.printable(path), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code progress} receives the bytes just copied with each call (a delta, not a running total). When
   * {@code offset} is positive and the server has SIZE, a server that accepted REST but still sends from byte 0 is
   * detected once more bytes arrive than the rest of the file holds (PERMANENT, reply 350); the caller then starts
   * the file over. With {@code length} not negative the transfer is cut after that many bytes, and the 426/451
   * the server answers to the early close counts as success.
   */
  @Override
  public long retrieve(String path, long offset, long length, OutputStream out, LongConsumer progress) {
    touch();
    String what = "RETR " + SafePaths.printable(path) + (offset > 0 ? " from " + offset : "") + " on " + endpoint.id();
    long remaining = -1;
    if (offset > 0 && capabilities().size()) {
      remaining = size(path) - offset;
    }
    long copied = 0;
    try {
      ftp.setRestartOffset(Math.max(0, offset));
      InputStream in;
      try {
        in = ftp.retrieveFileStream(path);
      } finally {
        ftp.setRestartOffset(0);
      }
      if (in == null) {
        if (offset > 0 && data.restRefused()) {
          throw new RemoteException(Kind.PERMANENT, ftp.getReplyCode(), what + ": the server refused REST ("
              + FtpErrors.clean(ftp.getReplyString()) + "); start the file over", null);
        }
        throw FtpErrors.reply(what, ftp.getReplyCode(), ftp.getReplyString());
      }
      long limit = length >= 0 ? length : Long.MAX_VALUE;
      boolean cut = false;
      try (in) {
        byte[] buf = new byte[64 * 1024];
        while (copied < limit) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, limit - copied));
          if (n < 0) {
            break;
          }
          if (remaining >= 0 && copied + n > remaining) {
            broken = true;
            throw new RemoteException(Kind.PERMANENT, 350, what + ": the server sent more than the rest of the file;"
                + " it ignored REST, start the file over", null);
          }
          out.write(buf, 0, n);
          copied += n;
          progress.accept(n);
        }
        cut = length >= 0 && copied >= length;
      }
      if (!ftp.completePendingCommand()) {
        int code = ftp.getReplyCode();
        if (!(cut && (code == 426 || code == 451 || code == 450))) {
          throw FtpErrors.reply(what, code, ftp.getReplyString());
        }
      }
      return copied;
    } catch (IOException e) {
      broken = true;
      throw FtpErrors.session(what + " after " + copied + " bytes", e);
    } catch (RuntimeException e) {
      broken = true; // the control connection may be mid-transfer
      throw e;
    }
  }

  @Override
  public @Nullable String checksum(String path) {
    touch();
    Capabilities caps = capabilities();
    try {
      boolean hash = caps.raw().stream().anyMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("HASH"));
      if (hash) {
        int code = ftp.sendCommand("HASH", path);
        if (FTPReply.isPositiveCompletion(code)) {
          // 213 SHA-256 0-1234 abcdef... name
          String[] parts = ftp.getReplyString().strip().split("\\s+", 5);
          if (parts.length >= 4) {
            return parts[1].toUpperCase(Locale.ROOT) + ":" + parts[3].toLowerCase(Locale.ROOT);
          }
        }
      }
      for (String[] cmd : new String[][] {{"MD5", "XMD5"}, {"CRC32", "XCRC"}}) {
        if (caps.hashAlgorithms().contains(cmd[0])) {
          int code = ftp.sendCommand(cmd[1], path);
          if (FTPReply.isPositiveCompletion(code)) {
            String[] parts = ftp.getReplyString().strip().split("\\s+");
            return cmd[0] + ":" + parts[parts.length - 1].toLowerCase(Locale.ROOT);
          }
        }
      }
      return null;
    } catch (IOException e) {
      broken = true;
      throw FtpErrors.session("checksum of " + SafePaths.printable(path), e);
    }
  }

  @Override
  public boolean isAlive() {
    if (broken || !ftp.isConnected()) {
      return false;
    }
    try {
      boolean ok = ftp.sendNoOp();
      touch();
      return ok;
    } catch (IOException e) {
      broken = true;
      return false;
    }
  }

  /** True when a failure left this session unusable. */
  boolean isBroken() {
    return broken || !ftp.isConnected();
  }

  /** How long since the session last talked to the server. */
  Duration idle() {
    return Duration.ofNanos(System.nanoTime() - lastUsed);
  }

  private void touch() {
    lastUsed = System.nanoTime();
  }

  @Override
  public void close() {
    broken = true;
    if (ftp.isConnected()) {
      try {
        ftp.logout();
      } catch (IOException e) {
        LOG.debug("logout from {} failed: {}", endpoint.id(), e.toString());
      }
      try {
        ftp.disconnect();
      } catch (IOException e) {
        LOG.debug("disconnect from {} failed: {}", endpoint.id(), e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "FtpSession[" + endpoint.id() + "]";
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
