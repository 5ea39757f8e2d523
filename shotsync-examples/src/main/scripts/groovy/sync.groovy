// shotsync from Groovy 5: closures as listener methods and as a version strategy.
//
// Run by hand (see shotsync-examples/README.md):
//   groovy -cp <shotsync class path> sync.groovy ftp://user:pass@host:2121/shows/abc /projects/abc
// or from a host that embeds Groovy, with the variables `url` and `localRoot` bound (a String or a Path);
// `maxVersion` (default v002) caps the versions the "capped" strategy fetches.
//
// The script's value is a map: rows (the comparison), latest and capped (each [task:, items:]),
// events (every file event seen) and log (the log of the latest task).

import io.shotsync.api.Department
import io.shotsync.api.Endpoint
import io.shotsync.api.Selection
import io.shotsync.api.ShotSyncException
import io.shotsync.api.TaskItem
import io.shotsync.api.TaskSpec
import io.shotsync.api.Version
import io.shotsync.api.event.FileEvent
import io.shotsync.api.event.SyncListener
import io.shotsync.api.event.TransferProgress
import io.shotsync.api.spi.LogQuery
import io.shotsync.api.spi.VersionContext
import io.shotsync.api.spi.VersionDecision
import io.shotsync.api.spi.VersionStrategy
import io.shotsync.core.ShotSync

import java.nio.file.Path
import java.time.Duration

String serverUrl = binding.hasVariable('url') ? url : args[0]
Path root = Path.of((binding.hasVariable('localRoot') ? localRoot : args[1]).toString())
String cap = binding.hasVariable('maxVersion') ? maxVersion : 'v002'

def events = Collections.synchronizedList([])

// A map of closures coerced to the listener: methods left out keep their no-op defaults.
SyncListener listener = [
    fileFinished: { FileEvent e ->
      events << e
      println "  ${e.action()} ${e.path()} (${e.size()} bytes): ${e.reason()}"
    },
    fileFailed  : { FileEvent e, ShotSyncException error ->
      events << e
      println "  FAILED ${e.path()}: ${error.message}"
    },
    progress    : { TransferProgress p -> println "  progress ${p.filesDone()}/${p.filesTotal()} files" },
    itemFinished: { TaskItem i -> println "  item ${i.key()} ${i.status()}${i.message() ? ': ' + i.message() : ''}" },
] as SyncListener

// A closure as a version strategy: the newest version not above the task property max.version.
def capped = { VersionContext c ->
  Version max = Version.parse(c.properties().get('max.version') ?: 'v999999999')
  Version best = c.available().findAll { it <= max }.max()
  best ? VersionDecision.fetch(best, "newest version up to $max")
       : VersionDecision.skip("no version of ${c.item()} up to $max; available: ${c.available().join(', ') ?: 'none'}")
} as VersionStrategy

ShotSync sync = ShotSync.builder()
    .endpoint(Endpoint.fromUrl('studio', serverUrl))
    .localRoot(root)
    .listener(listener)
    .versionStrategy('capped', capped)
    .build()

def summary = { String title, handle ->
  def task = handle.await(Duration.ofMinutes(30))
  List<TaskItem> items = sync.items(task.id())
  println "== ${title}: task ${task.status()}${task.message() ? ': ' + task.message() : ''}"
  items.each { TaskItem i ->
    def s = i.stats()
    println String.format('%-32s %-10s %-8s down %d, skipped %d, overwritten %d, kept both %d, resumed %d, failed %d%s',
        i.key().toString(), i.status().toString(), i.fetchedVersions().join(','), s.downloaded(), s.skipped(),
        s.overwritten(), s.keptBoth(), s.resumed(), s.failed(), i.message() ? '  ' + i.message() : '')
  }
  [task: task, items: items]
}

try {
  def rows = sync.compare('studio', Selection.all())
  println "== comparison (${rows.size()} rows)"
  rows.each { println String.format('%-32s %-10s latest %-6s local %s', it.item().toString(), it.status().toString(),
      String.valueOf(it.latest()), String.valueOf(it.local())) }

  def latest = summary('latest', sync.run(TaskSpec.builder('studio')
      .name('groovy: latest')
      .departments(Department.ANIM, Department.LIGHTING)
      .versionStrategy('latest')
      .conflictStrategy('compare')
      .build()))

  def log = sync.logs(LogQuery.of(latest.task.id(), 1000))
  println "== log of the latest task (${log.size()} records)"
  log.each { println "${it.level()} ${it.file() ?: ''} ${it.message()}" }

  def cappedRun = summary("capped at $cap", sync.run(TaskSpec.builder('studio')
      .name("groovy: capped at $cap")
      .versionStrategy('capped')
      .property('max.version', cap)
      .conflictStrategy('compare')
      .build()))

  return [rows: rows, latest: latest, capped: cappedRun, events: new ArrayList(events), log: log]
} finally {
  sync.close()
}
