package io.shotsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.shotsync.api.Department;
import io.shotsync.api.FileAction;
import io.shotsync.api.FileStats;
import io.shotsync.api.ItemKey;
import io.shotsync.api.ItemStatus;
import io.shotsync.api.Task;
import io.shotsync.api.TaskItem;
import io.shotsync.api.TaskStatus;
import io.shotsync.api.Version;
import io.shotsync.api.event.FileEvent;
import io.shotsync.core.testkit.FtpServerExtension;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.python.core.PyObject;
import org.python.util.PythonInterpreter;

/** Runs {@code src/main/scripts/jython/sync.py} in a real Jython 2.7 interpreter, as Maya or Nuke would. */
class JythonScriptTest {
  @RegisterExtension
  static final FtpServerExtension FTP = new FtpServerExtension();

  private static final ItemKey EP03_LIGHTING = ItemKey.parse("ep03/sq010/sh0010/lighting");

  @TempDir
  Path local;

  @BeforeAll
  static void initJython() {
    // Jython 2.7 on Java 17: no site module, no package cache in the user's home.
    Properties props = new Properties();
    props.setProperty("python.import.site", "false");
    props.setProperty("python.cachedir.skip", "true");
    props.setProperty("python.console.encoding", "UTF-8");
    PythonInterpreter.initialize(System.getProperties(), props, new String[0]);
  }

  @Test
  void aPythonListenerClassAndAPythonFunctionStrategyRunATask() {
    RemoteTree tree = ServedTree.write(FTP);
    StringWriter printed = new StringWriter();
    List<TaskItem> items = new ArrayList<>();
    List<FileEvent> events = new ArrayList<>();
    Task task;

    try (PythonInterpreter py = new PythonInterpreter()) {
      py.setOut(printed);
      py.setErr(printed);
      py.set("url", ServedTree.url(FTP));
      py.set("local_root", local.toString());
      py.set("lighting_version", "v001");

      py.execfile(PluginJar.scripts().resolve("jython/sync.py").toString());

      task = py.get("task", Task.class);
      for (PyObject o : py.get("items").asIterable()) {
        items.add((TaskItem) o.__tojava__(TaskItem.class));
      }
      for (PyObject o : py.get("events").asIterable()) {
        events.add((FileEvent) o.__tojava__(FileEvent.class));
      }
    }

    assertThat(task.status()).as(printed.toString()).isEqualTo(TaskStatus.COMPLETED);
    Map<ItemKey, TaskItem> byKey = ServedTree.coveringTree(items, tree);
    int fetched = 0;
    for (ItemKey key : tree.items().keySet()) {
      TaskItem item = byKey.get(key);
      if (key.equals(EP03_LIGHTING)) {
        assertThat(item.status()).isEqualTo(ItemStatus.SKIPPED);
        assertThat(item.message()).isEqualTo("lighting v001 not on the server for ep03/sq010/sh0010");
        RemoteTree.assertAbsent(local, tree.allFiles(key));
        continue;
      }
      // anim: its latest version; lighting: pinned to v001, even where v002 or v010 is newer.
      Version wanted = key.department().equals(Department.ANIM) ? tree.latest(key) : Version.of(1);
      assertThat(item.status()).as(key.toString()).isEqualTo(ItemStatus.COMPLETED);
      assertThat(item.fetchedVersions()).as(key.toString()).containsExactly(wanted);
      assertThat(item.stats()).isEqualTo(new FileStats(tree.files(key, wanted).size(), 0, 0, 0, 0, 0));
      tree.assertCopied(local, tree.files(key, wanted));
      fetched += tree.files(key, wanted).size();
    }
    RemoteTree.assertAbsent(local, tree.files(ItemKey.parse("ep01/sq010/sh0010/lighting"), Version.of(10)));

    // The Python listener class kept every file event.
    assertThat(events).hasSize(fetched).allSatisfy(e -> assertThat(e.action()).isEqualTo(FileAction.DOWNLOADED));
    assertThat(printed.toString())
        .contains("== task " + task.id() + " COMPLETED")
        .contains("  DOWNLOADED ep01/sq010/sh0010/lighting/version/sh0010_lighting_v001.0001.exr (500 bytes)")
        .contains("== log (");
  }
}
