package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.TaskItem;
import io.shotsync.core.testkit.FtpServerExtension;
import io.shotsync.core.testkit.ShotTreeGenerator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The core test kit's generated shot tree on its FTP server, and the URL an example is given. */
final class ServedTree {
  private ServedTree() {}

  /**
   * Writes the kit's default tree (8 shots; anim and lighting v001, v002; ep01/sq010/sh0010 also v009, v010)
   * plus shot ep03/sq010/sh0010 with only anim v003 and lighting v002, so strategies have something to skip.
   */
  static RemoteTree write(FtpServerExtension ftp) {
    new ShotTreeGenerator(ftp.root()).defaultTree()
        .animVersion("ep03/sq010/sh0010", "v003")
        .lightingVersion("ep03/sq010/sh0010", "v002", 2);
    return RemoteTree.read(ftp.root());
  }

  /** The server's URL with the test user and password, as a host application would be configured. */
  static String url(FtpServerExtension ftp) {
    return "ftp://" + FtpServerExtension.USER + ":" + FtpServerExtension.PASSWORD + "@127.0.0.1:" + ftp.port() + "/";
  }

  /** The same URL without the password, for the CLI (which reads SHOTSYNC_PASSWORD). */
  static String urlWithoutPassword(FtpServerExtension ftp) {
    return "ftp://" + FtpServerExtension.USER + "@127.0.0.1:" + ftp.port() + "/";
  }

  /** Items by key; fails on duplicates. */
  static Map<ItemKey, TaskItem> byKey(List<TaskItem> items) {
    return items.stream().collect(Collectors.toMap(TaskItem::key, Function.identity()));
  }

  /** Every item of the served tree has a task item; items beyond the tree (no versions) were skipped. */
  static Map<ItemKey, TaskItem> coveringTree(List<TaskItem> items, RemoteTree tree) {
    Map<ItemKey, TaskItem> byKey = byKey(items);
    assertThat(byKey.keySet()).containsAll(tree.items().keySet());
    byKey.forEach((key, item) -> {
      if (!tree.items().containsKey(key)) {
        assertThat(item.status()).as(key + " has no versions on the server").isEqualTo(ItemStatus.SKIPPED);
      }
    });
    return byKey;
  }
}
