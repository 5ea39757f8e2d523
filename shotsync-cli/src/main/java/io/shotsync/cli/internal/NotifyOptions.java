package io.shotsync.cli.internal;

import io.shotsync.api.InvalidInputException;
import io.shotsync.api.Secret;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.event.SyncListener;
import io.shotsync.core.EmailNotifier;
import io.shotsync.core.ShotSync;
import io.shotsync.core.WebhookNotifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * {@code --notify URL|mailto:ADDRESS} (repeatable), {@code --notify-format} and {@code --notify-on}, shared by the
 * commands that run tasks. Mail goes through the SMTP server of {@code SHOTSYNC_SMTP_URL}, with
 * {@code SHOTSYNC_SMTP_PASSWORD}, {@code SHOTSYNC_SMTP_FROM} and {@code SHOTSYNC_SMTP_TRUST}.
 */
public final class NotifyOptions {
  @Option(names = "--notify", paramLabel = "URL|mailto:ADDRESS",
      description = "When a task completes, partially completes or fails: POST a JSON summary to this webhook, or"
          + " mail it to this address through SHOTSYNC_SMTP_URL (repeatable).")
  List<String> targets = new ArrayList<>();

  @Option(names = "--notify-format", paramLabel = "FORMAT", defaultValue = "json",
      description = "The webhook body: json (a summary object) or slack ({\"text\": ...}, for Slack-compatible"
          + " incoming webhooks; default: ${DEFAULT-VALUE}).")
  String format = "json";

  @Option(names = "--notify-on", paramLabel = "WHEN", defaultValue = "all",
      description = "all (completed, partial, failed) or failed (partial and failed only: alerts; default:"
          + " ${DEFAULT-VALUE}).")
  String on = "all";

  /**
   * Checks the options and the environment before anything runs (malformed URLs, a mail target without
   * {@code SHOTSYNC_SMTP_URL}), without connecting.
   */
  public void check() {
    build(System.getenv(), id -> List.of(), false).close();
  }

  /**
   * The notifiers, their mail server checked (connected and logged in once: an unreachable one is an error now, not a
   * lost notification), counting items from {@code items}.
   */
  public Notifiers open(Function<String, List<TaskItem>> items) {
    return build(System.getenv(), items, true);
  }

  Notifiers build(Map<String, String> env, Function<String, List<TaskItem>> items, boolean verify) {
    WebhookNotifier.Format f = WebhookNotifier.Format.parse(format);
    Set<TaskStatus> statuses = switch (on.strip().toLowerCase(Locale.ROOT)) {
      case "all" -> EnumSet.of(TaskStatus.COMPLETED, TaskStatus.PARTIAL, TaskStatus.FAILED);
      case "failed" -> EnumSet.of(TaskStatus.PARTIAL, TaskStatus.FAILED);
      default -> throw new InvalidInputException("unknown --notify-on '" + on + "': expected all or failed");
    };
    List<String> mail = new ArrayList<>();
    Notifiers out = new Notifiers();
    try {
      for (String t : targets) {
        if (t.regionMatches(true, 0, "mailto:", 0, 7)) {
          mail.add(t.substring(7));
          continue;
        }
        URI url;
        try {
          url = new URI(t);
        } catch (URISyntaxException e) {
          throw new InvalidInputException("malformed --notify URL '" + t + "': " + e.getReason());
        }
        out.add(WebhookNotifier.builder(url).format(f).statuses(statuses).items(items).build());
      }
      if (!mail.isEmpty()) {
        String smtp = env.get("SHOTSYNC_SMTP_URL");
        if (smtp == null || smtp.isBlank()) {
          throw new InvalidInputException("--notify mailto:... needs the mail server in SHOTSYNC_SMTP_URL, like"
              + " smtp://relay.studio.local:587 or smtps://user@mail.studio.local");
        }
        EmailNotifier.Builder b = EmailNotifier.builder(smtp).statuses(statuses).items(items);
        String password = env.get("SHOTSYNC_SMTP_PASSWORD");
        if (password != null && !password.isEmpty()) {
          b.password(Secret.of(password));
        }
        String from = env.get("SHOTSYNC_SMTP_FROM");
        if (from != null && !from.isBlank()) {
          b.from(from.strip());
        }
        b.trust(env.get("SHOTSYNC_SMTP_TRUST"));
        for (String m : mail) {
          b.to(m);
        }
        EmailNotifier n = b.build();
        out.add(n);
        if (verify) {
          n.verify();
        }
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** The notifiers of one command: listeners to add to a {@link ShotSync}, closed together at the end. */
  public static final class Notifiers implements AutoCloseable {
    private final List<SyncListener> listeners = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private <T extends SyncListener & AutoCloseable> void add(T notifier) {
      listeners.add(notifier);
      closeables.add(notifier);
    }

    /** The listeners. */
    public List<SyncListener> listeners() {
      return List.copyOf(listeners);
    }

    /** Adds every notifier to {@code sync}. */
    public void attach(ShotSync sync) {
      listeners.forEach(sync::addListener);
    }

    /** Waits a bounded time for queued notifications. */
    @Override
    public void close() {
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception e) {
          // a notifier's close only waits; nothing to report beyond its own log
        }
      }
    }
  }
}
