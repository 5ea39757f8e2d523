# shotsync from Jython 2.7, as a Maya or Nuke tool would drive it: a Python listener class, a Python
# function as the version strategy, one task, and the items' statistics.
#
# Run by hand (see shotsync-examples/README.md):
#   java -cp <shotsync class path>:jython-standalone-2.7.4.jar org.python.util.jython sync.py \
#       ftp://user:pass@host:2121/shows/abc /projects/abc [lighting-version]
# or from a host's PythonInterpreter with the names `url` and `local_root` set first; `lighting_version`
# (default v001) is the lighting version the strategy pins.
#
# Afterwards the names `task`, `items`, `events` and `log` hold the results.

import sys

from java.nio.file import Paths
from java.time import Duration

from io.shotsync.api import Department, Endpoint, Selection, TaskSpec, Version
from io.shotsync.api.event import SyncListener
from io.shotsync.api.spi import LogQuery, VersionDecision
from io.shotsync.core import ShotSync

try:
    url
except NameError:
    url = sys.argv[1]
try:
    local_root
except NameError:
    local_root = sys.argv[2]
try:
    lighting_version
except NameError:
    lighting_version = sys.argv[3] if len(sys.argv) > 3 else "v001"


class ShotListener(SyncListener):
    """Prints each file and item as a DCC's script editor would; keeps the file events for later."""

    def __init__(self):
        self.events = []

    def fileFinished(self, event):
        self.events.append(event)
        print "  %s %s (%d bytes): %s" % (event.action(), event.path(), event.size(), event.reason())

    def fileFailed(self, event, error):
        self.events.append(event)
        print "  FAILED %s: %s" % (event.path(), error.getMessage())

    def itemFinished(self, item):
        print "  item %s %s %s" % (item.key(), item.status(), item.message() or "")


def anim_latest_lighting_pinned(context):
    """A version strategy: anim takes its latest version, lighting the pinned one (or is skipped)."""
    if context.item().department() == Department.LIGHTING:
        pinned = Version.parse(lighting_version)
        if context.available().contains(pinned):
            return VersionDecision.fetch(pinned, "lighting pinned to %s" % pinned)
        return VersionDecision.skip("lighting %s not on the server for %s" % (pinned, context.item().shot()))
    if context.latest() is None:
        return VersionDecision.skip("no version on the server")
    return VersionDecision.fetch(context.latest(), "latest %s" % context.latest())


listener = ShotListener()
sync = (ShotSync.builder()
        .endpoint(Endpoint.fromUrl("studio", url))
        .localRoot(Paths.get(str(local_root)))
        .listener(listener)
        .versionStrategy("pinned", anim_latest_lighting_pinned)
        .build())
try:
    rows = sync.compare("studio", Selection.all())
    print "== comparison (%d rows)" % rows.size()
    for row in rows:
        print "%-32s %-10s latest %-6s local %s" % (row.item(), row.status(), row.latest(), row.local())

    spec = (TaskSpec.builder("studio")
            .name("jython: anim latest, lighting %s" % lighting_version)
            .versionStrategy("pinned")
            .conflictStrategy("compare")
            .build())
    task = sync.run(spec).await(Duration.ofMinutes(30))
    items = list(sync.items(task.id()))
    print "== task %s %s" % (task.id(), task.status())
    for item in items:
        s = item.stats()
        print "%-32s %-10s %-8s down %d, skipped %d, overwritten %d, failed %d  %s" % (
            item.key(), item.status(), ",".join([str(v) for v in item.fetchedVersions()]),
            s.downloaded(), s.skipped(), s.overwritten(), s.failed(), item.message() or "")

    log = list(sync.logs(LogQuery.of(task.id(), 1000)))
    print "== log (%d records)" % len(log)
    for record in log:
        print record.level(), record.file() or "", record.message()
    events = list(listener.events)
finally:
    sync.close()
