package io.shotsync.cli.internal;

import io.shotsync.api.InvalidInputException;
import io.shotsync.core.ShotSync;
import io.shotsync.core.WebhookNotifier;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --notify URL} and {@code --notify-format}, shared by the commands that run tasks. */
public final class NotifyOptions {
  @Option(names = "--notify", paramLabel = "URL",
      description = "POST a JSON summary to this webhook when a task completes, partially completes or fails.")
  @Nullable String url;

  @Option(names = "--notify-format", paramLabel = "FORMAT", defaultValue = "json",
      description = "The webhook body: json (a summary object) or slack ({\"text\": ...}, for Slack-compatible"
          + " incoming webhooks; default: ${DEFAULT-VALUE}).")
  String format;

  /** Checks the options; answers the notifier (not yet listening), or null without {@code --notify}. */
  public WebhookNotifier.@Nullable Builder builder() {
    WebhookNotifier.Format f = WebhookNotifier.Format.parse(format);
    if (url == null) {
      return null;
    }
    try {
      return WebhookNotifier.builder(new URI(url)).format(f);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("malformed --notify URL '" + url + "': " + e.getReason());
    }
  }

  /** Adds a notifier to {@code sync}, counting the store's items; null without {@code --notify}. */
  public static @Nullable WebhookNotifier attach(WebhookNotifier.@Nullable Builder b, ShotSync sync) {
    if (b == null) {
      return null;
    }
    WebhookNotifier n = b.items(sync::items).build();
    sync.addListener(n);
    return n;
  }
}
