package io.shotsync.core;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.RemoteException;
import io.shotsync.api.Secret;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.SyncListener;
import io.shotsync.core.internal.notify.NotificationQueue;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A listener that mails a summary of a task when it ends COMPLETED, PARTIAL or FAILED (by default): the subject says
 * the status, the task and its counts; the body has the summary the {@link WebhookNotifier} sends, the failed items
 * with their first errors, and where the files went. SMTP with STARTTLS ({@code smtp://}, used when the server offers
 * it, or required with {@code ?starttls=required}) or implicit TLS ({@code smtps://}), with authentication when the
 * URL names a user.
 *
 * <p>Like the webhook notifier it never slows or fails a transfer: {@link #taskFinished} only queues the mail; one
 * daemon thread sends it under connect, read and write timeouts, retrying connection failures and temporary (4xx)
 * refusals with a doubling backoff. {@link #verify()} connects and logs in once, so a program can refuse to start
 * with an SMTP server that is missing or refuses the login.
 *
 * <p>Jakarta Mail (Eclipse Angus) is an optional dependency of shotsync-core: add {@code org.eclipse.angus:angus-mail}
 * to use this class.
 */
public final class EmailNotifier implements SyncListener, AutoCloseable {
  private final String host;
  private final int port;
  private final boolean implicitTls;
  private final @Nullable String user;
  private final @Nullable Secret password;
  private final InternetAddress from;
  private final List<InternetAddress> to;
  private final Session session;
  private final NotificationQueue queue;

  private EmailNotifier(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.implicitTls = b.implicitTls;
    this.user = b.user;
    this.password = b.password;
    this.from = b.from == null ? address("shotsync@" + localHostName()) : b.from;
    this.to = List.copyOf(b.to);
    String p = implicitTls ? "mail.smtps." : "mail.smtp.";
    Properties props = new Properties();
    props.setProperty(p + "host", host);
    props.setProperty(p + "port", Integer.toString(port));
    props.setProperty(p + "connectiontimeout", Long.toString(b.connectTimeout.toMillis()));
    props.setProperty(p + "timeout", Long.toString(b.timeout.toMillis()));
    props.setProperty(p + "writetimeout", Long.toString(b.timeout.toMillis()));
    props.setProperty(p + "auth", Boolean.toString(user != null));
    if (!implicitTls) {
      props.setProperty("mail.smtp.starttls.enable", "true");
      props.setProperty("mail.smtp.starttls.required", Boolean.toString(b.startTlsRequired));
    }
    // a host trusted explicitly is trusted whatever its certificate names; every other one is verified fully
    props.setProperty(p + "ssl.checkserveridentity", Boolean.toString(b.trust == null));
    props.setProperty("mail.smtp.ssl.checkserveridentity", Boolean.toString(b.trust == null));
    if (b.trust != null) {
      props.setProperty(p + "ssl.trust", b.trust);
      props.setProperty("mail.smtp.ssl.trust", b.trust);
    }
    this.session = Session.getInstance(props);
    this.queue = b.settings.queue("mail via " + host, this::mail, "shotsync-mail");
  }

  /**
   * A builder for an SMTP server: {@code smtp://[user@]host[:port]} (default port 25; STARTTLS when offered, or
   * required with {@code ?starttls=required}) or {@code smtps://[user@]host[:port]} (implicit TLS, default port 465).
   *
   * @throws InvalidInputException for another scheme, a password inside the URL, or a malformed URL
   */
  public static Builder builder(String smtpUrl) {
    return new Builder(smtpUrl);
  }

  @Override
  public void itemFinished(TaskItem item) {
    queue.itemFinished(item);
  }

  /** Queues the mail for a task that ended in one of the chosen statuses; returns at once. */
  @Override
  public void taskFinished(Task task) {
    queue.taskFinished(task);
  }

  /** Mails accepted by the server. */
  public long sent() {
    return queue.sent();
  }

  /** Mails given up: after their retries, refused for good, or dropped from a full queue. */
  public long failed() {
    return queue.failed();
  }

  /**
   * Connects to the server and logs in (when a user is set), then disconnects: a clear error now instead of a lost
   * notification later.
   *
   * @throws RemoteException naming the server and what failed (never the password)
   */
  public void verify() {
    try (Transport t = session.getTransport(implicitTls ? "smtps" : "smtp")) {
      t.connect(host, port, user, password == null ? null : password.reveal());
    } catch (AuthenticationFailedException e) {
      throw new RemoteException(RemoteException.Kind.LOGIN_REFUSED, 535, "SMTP server " + host + ":" + port
          + " refused the login of " + user, null);
    } catch (MessagingException e) {
      throw new RemoteException(RemoteException.Kind.UNREACHABLE, 0, "cannot reach SMTP server " + host + ":" + port
          + ": " + describe(e), null);
    }
  }

  /** The subject of the mail for a task and its items. */
  public String subject(Task task, List<TaskItem> items) {
    Map<String, Object> counts = SyncJson.itemCounts(items);
    return "shotsync: " + task.status().name() + " " + (task.name().isEmpty() ? task.id() : "'" + task.name() + "'")
        + ": " + counts.get("completed") + " completed, " + counts.get("skipped") + " skipped, "
        + counts.get("failed") + " failed of " + counts.get("total") + " items";
  }

  /** The plain-text body of the mail for a task and its items. */
  public String body(Task task, List<TaskItem> items) {
    StringBuilder b = new StringBuilder();
    b.append("Task ").append(task.name().isEmpty() ? task.id() : "'" + task.name() + "' (" + task.id() + ")")
        .append(" ended ").append(task.status().name()).append(" after attempt ").append(task.attempts())
        .append(".\n");
    b.append("Endpoint: ").append(task.endpointId()).append('\n');
    b.append("Files went to: ").append(task.spec().localRoot() == null ? "(the endpoint's local root)"
        : task.spec().localRoot()).append('\n');
    b.append("Bytes: ").append(task.transferredBytes()).append(" of ").append(task.totalBytes())
        .append(" in place, ").append(task.bytesReceived()).append(" received over the network\n");
    if (task.status() != TaskStatus.COMPLETED && task.message() != null) {
      b.append("Error: ").append(task.message()).append('\n');
    }
    List<TaskItem> failed = new ArrayList<>();
    for (TaskItem i : items) {
      if (i.status() == ItemStatus.FAILED) {
        failed.add(i);
      }
    }
    if (!failed.isEmpty()) {
      b.append("\nFailed items:\n");
      for (TaskItem i : failed) {
        b.append("  ").append(i.key()).append(": ").append(i.message() == null ? "failed" : i.message()).append('\n');
      }
    }
    Map<String, Object> summary = new java.util.LinkedHashMap<>();
    summary.put("event", "task.finished");
    summary.putAll(SyncJson.task(task, items));
    b.append("\nSummary:\n").append(SyncJson.writePretty(summary)).append('\n');
    return b.toString();
  }

  private void mail(Task task, List<TaskItem> items) throws NotificationQueue.Failure {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(from);
      m.setRecipients(Message.RecipientType.TO, to.toArray(InternetAddress[]::new));
      m.setSubject(subject(task, items), StandardCharsets.UTF_8.name());
      m.setText(body(task, items), StandardCharsets.UTF_8.name());
      m.setHeader("X-Shotsync-Task", task.id());
      try (Transport t = session.getTransport(implicitTls ? "smtps" : "smtp")) {
        t.connect(host, port, user, password == null ? null : password.reveal());
        t.sendMessage(m, m.getAllRecipients());
      }
    } catch (AuthenticationFailedException e) {
      throw new NotificationQueue.Failure("login refused by " + host, false);
    } catch (SendFailedException e) {
      throw new NotificationQueue.Failure("refused: " + describe(e), false);
    } catch (MessagingException e) {
      throw new NotificationQueue.Failure(describe(e), true);
    }
  }

  private static String describe(Exception e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return c == e ? m : m + " (" + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": "
        + c.getMessage().strip()) + ")";
  }

  /** Stops taking notifications and waits up to the close timeout for the queued ones. */
  @Override
  public void close() {
    queue.close();
  }

  @Override
  public String toString() {
    return "EmailNotifier[" + (implicitTls ? "smtps" : "smtp") + "://" + (user == null ? "" : user + "@") + host + ":"
        + port + " -> " + to + "]";
  }

  private static InternetAddress address(String text) {
    try {
      InternetAddress a = new InternetAddress(text, true);
      a.validate();
      return a;
    } catch (AddressException e) {
      throw new InvalidInputException("malformed mail address '" + text + "': " + e.getMessage());
    }
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** Builds an {@link EmailNotifier}. */
  public static final class Builder {
    private final NotificationQueue.Settings settings = new NotificationQueue.Settings("mail", Duration.ofSeconds(2));
    private final String host;
    private final int port;
    private final boolean implicitTls;
    private final @Nullable String user;
    private boolean startTlsRequired;
    private @Nullable Secret password;
    private @Nullable InternetAddress from;
    private final List<InternetAddress> to = new ArrayList<>();
    private @Nullable String trust;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(20);

    private Builder(String smtpUrl) {
      URI u;
      try {
        u = new URI(Objects.requireNonNull(smtpUrl, "smtpUrl").strip());
      } catch (URISyntaxException e) {
        throw new InvalidInputException("malformed SMTP URL: " + e.getReason());
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("smtp") && !scheme.equals("smtps") || u.getHost() == null) {
        throw new InvalidInputException("malformed SMTP URL '" + io.shotsync.api.Version.printableText(
            u.getHost() == null ? scheme + "://..." : scheme + "://" + u.getHost())
            + "': expected smtp://[user@]host[:port] or smtps://[user@]host[:port]");
      }
      String info = u.getUserInfo();
      if (info != null && info.contains(":")) {
        throw new InvalidInputException("the SMTP URL must not hold a password: give it separately");
      }
      this.implicitTls = scheme.equals("smtps");
      this.host = u.getHost();
      this.port = u.getPort() > 0 ? u.getPort() : implicitTls ? 465 : 25;
      this.user = info == null || info.isEmpty() ? null : info;
      String query = u.getQuery();
      if (query != null && !query.isEmpty()) {
        for (String kv : query.split("&")) {
          if (kv.equals("starttls=required") && !implicitTls) {
            startTlsRequired = true;
          } else {
            throw new InvalidInputException("unknown SMTP URL option '" + io.shotsync.api.Version.printableText(kv)
                + "'; known: starttls=required (smtp:// only)");
          }
        }
      }
    }

    /** The password of the URL's user. */
    public Builder password(@Nullable Secret value) {
      this.password = value;
      return this;
    }

    /** The sender (default {@code shotsync@<this host's name>}). */
    public Builder from(String address) {
      this.from = address(address);
      return this;
    }

    /** Adds a recipient (at least one is needed). */
    public Builder to(String address) {
      this.to.add(address(address));
      return this;
    }

    /**
     * Hosts whose TLS certificate is trusted without checking it (chain or name), for a studio relay with a
     * self-signed certificate ({@code *} trusts every host; space-separated names); default none: verified against
     * the JVM's trust store and the host name.
     */
    public Builder trust(@Nullable String hosts) {
      this.trust = hosts;
      return this;
    }

    /** Connect timeout (default 10 s) and read/write timeout (default 20 s) of one attempt. */
    public Builder timeouts(Duration connect, Duration readWrite) {
      if (connect.isNegative() || connect.isZero() || readWrite.isNegative() || readWrite.isZero()) {
        throw new InvalidInputException("mail timeouts must be positive");
      }
      this.connectTimeout = connect;
      this.timeout = readWrite;
      return this;
    }

    /** Retries after a failed attempt (default 3), the first after {@code backoff} (default 2 s), doubling. */
    public Builder retries(int count, Duration backoff) {
      settings.retries(count, backoff);
      return this;
    }

    /** How many mails may wait to be sent (default 100); more are dropped and logged. */
    public Builder queueCapacity(int value) {
      settings.capacity(value);
      return this;
    }

    /** How long {@link #close()} waits for queued mails (default 15 s). */
    public Builder closeTimeout(Duration value) {
      settings.closeTimeout(value);
      return this;
    }

    /** The final statuses that are mailed (default COMPLETED, PARTIAL, FAILED). */
    public Builder statuses(Set<TaskStatus> value) {
      settings.statuses(value);
      return this;
    }

    /** Where the items of a finished task are read, like {@code sync::items} (on the sender thread). */
    public Builder items(Function<String, List<TaskItem>> source) {
      settings.items(source);
      return this;
    }

    /**
     * Builds the notifier (and its sender thread).
     *
     * @throws InvalidInputException without a recipient
     */
    public EmailNotifier build() {
      if (to.isEmpty()) {
        throw new InvalidInputException("an email notifier needs at least one recipient");
      }
      return new EmailNotifier(this);
    }
  }
}
