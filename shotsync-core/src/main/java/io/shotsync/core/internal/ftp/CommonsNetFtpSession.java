package io.shotsync.core.internal.ftp;

import io.shotsync.api.Endpoint;
import io.shotsync.api.RemoteEntry;
import io.shotsync.api.RemoteException;
import io.shotsync.api.RemoteException.Kind;
import io.shotsync.api.SyncOptions;
import io.shotsync.core.internal.files.SafePaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  private final FileCommands files;
  private boolean broken;
  private long lastUsed = System.nanoTime();

  /** Facts about the server shared by a pool's sessions: capabilities and the listing style that worked. */
  static final class ServerInfo {
    volatile @Nullable Capabilities capabilities;
    volatile ListingParser.@Nullable Style listStyle;
    /** Whether {@code STAT <dir>} lists a directory over the control connection: null until tried. */
    volatile @Nullable Boolean statLists;
  }

  private CommonsNetFtpSession(Endpoint endpoint, SyncOptions options, DataClient data, ServerInfo server) {
    this.endpoint = endpoint;
    this.options = options;
    this.data = data;
    this.ftp = data.client();
    this.server = server;
    this.files = new FileCommands(this, data, endpoint);
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
      s.connectAndLogIn(where);
      s.setUp(where);
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

  /** Connects, reads the greeting and logs in; a refusal closes the session and says why. */
  private void connectAndLogIn(String where) throws IOException {
    ftp.connect(endpoint.host(), endpoint.port());
    int reply = ftp.getReplyCode();
    if (!FTPReply.isPositiveCompletion(reply)) {
      close();
      Kind kind = reply == 421 || reply / 100 == 4 ? Kind.TRANSIENT : Kind.UNREACHABLE;
      throw new RemoteException(kind, reply, "connect to " + where + " refused: " + FtpErrors.clean(ftp.getReplyString()), null);
    }
    ftp.setSoTimeout(millis(options.dataTimeout()));
    String password = endpoint.password() == null ? "shotsync@" : endpoint.password().reveal();
    if (!ftp.login(endpoint.user(), password)) {
      int code = ftp.getReplyCode();
      String text = FtpErrors.clean(ftp.getReplyString());
      close();
      Kind kind = code == 421 || code / 100 == 4 ? Kind.TRANSIENT : Kind.LOGIN_REFUSED;
      throw new RemoteException(kind, code, "login of user '" + SafePaths.printable(endpoint.user()) + "' at "
          + where + " refused: " + text, null);
    }
  }

  /** After login: TLS for data, the server's capabilities and listing style (once per pool), UTF-8, binary, passive. */
  private void setUp(String where) throws IOException {
    if (data instanceof DataClient.Secure tls) {
      tls.protectData();
    }
    Capabilities caps = server.capabilities;
    if (caps == null) {
      caps = readCapabilities();
      server.capabilities = caps;
      LOG.debug("endpoint {} capabilities: {}", endpoint.id(), caps);
    }
    if (caps.utf8()) {
      ftp.sendCommand("OPTS", "UTF8 ON"); // a refusal changes nothing: names are sent as UTF-8 anyway
    }
    if (server.listStyle == null) {
      server.listStyle = caps.mlsd() ? ListingParser.Style.MLSD : guessListStyle();
    }
    if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) {
      int code = ftp.getReplyCode();
      String text = ftp.getReplyString();
      close();
      throw FtpErrors.reply("TYPE I at " + where, code, text);
    }
    ftp.enterLocalPassiveMode();
  }

  private Capabilities readCapabilities() throws IOException {
    List<String> raw = new ArrayList<>();
    if (ftp.features()) {
      String[] lines = ftp.getReplyStrings();
      for (int i = 1; i < lines.length - 1; i++) {
        raw.add(lines[i].strip());
      }
    }
    Capabilities caps = Capabilities.fromFeat(raw, false);
    if (!caps.mlsd()) {
      // some servers have MLST/MLSD but leave it out of FEAT (or have no FEAT): ask once
      int code = ftp.sendCommand("MLST", endpoint.root());
      caps = Capabilities.fromFeat(raw, FTPReply.isPositiveCompletion(code));
    }
    return caps;
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
      if (!mlsd && server.statLists != Boolean.FALSE && DirectoryListing.statSafe(directory)) {
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
      DirectoryListing listing = new DirectoryListing(this, directory, warnings, !mlsd);
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
    DirectoryListing listing = new DirectoryListing(this, directory, warnings, true);
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

  /** The entry of a listed line, or null (with a warning) for a refused name or a link not followed. */
  @Nullable RemoteEntry toEntry(String directory, ListingParser.Entry e, Warnings warnings) throws IOException {
    String why = SafePaths.refusal(e.name());
    String path = DirectoryListing.child(directory, e.name());
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


  @Override
  public @Nullable Instant modificationTime(String path) {
    return files.modificationTime(path);
  }

  /** {@inheritDoc} Sends the MDTMs in pipelined batches of {@value FileCommands#PIPELINE_BATCH}. */
  @Override
  public List<@Nullable Instant> modificationTimes(List<String> paths) {
    return files.modificationTimes(paths);
  }

  @Override
  public long size(String path) {
    return files.size(path);
  }

  /** {@inheritDoc} See {@link FileCommands#retrieve}. */
  @Override
  public long retrieve(String path, long offset, long length, OutputStream out, LongConsumer progress) {
    return files.retrieve(path, offset, length, out, progress);
  }

  @Override
  public @Nullable String checksum(String path) {
    return files.checksum(path);
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

  void touch() {
    lastUsed = System.nanoTime();
  }

  /** Marks the session unusable: a failure left its control connection in an unknown state. */
  void markBroken() {
    broken = true;
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
