#!/bin/sh
# build-cds.sh TARGET_DIR JAVA: puts the launcher next to shotsync.jar and builds the class-data sharing archive
# shotsync.jsa, which the launcher maps at start-up. A representative run (the demo: an in-JVM FTP server, a scan,
# a comparison and a download, then the start of a PostgreSQL and a MariaDB store) records the classes it loads; a
# static dump then archives them, parsed and verified, together with the JDK classes and the lambda forms those
# runs used. A static archive (unlike one made with -XX:ArchiveClassesAtExit) also holds picocli's classes, which
# are compiled for Java 5. A failure leaves no archive and does not fail the build: the launcher runs without it.
set -u
target=$1
java=$2
cp "$(dirname "$0")/shotsync" "$target/shotsync" && chmod +x "$target/shotsync" || exit 1
cp "$(dirname "$0")/shotsync.cmd" "$target/shotsync.cmd" || exit 1
rm -rf "$target/shotsync.jsa" "$target/shotsync.jsa.id" "$target/shotsync.classlist" "$target/cds-training"
mkdir -p "$target/cds-training"
jar=$(cd "$target" && pwd -P)/shotsync.jar
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx256m -XX:-UsePerfData"
# train: run the command with the JVM recording every class it loads into a class list of its own
train() {
  name=$1
  shift
  # shellcheck disable=SC2086
  SHOTSYNC_HOME="$target/cds-training/home" "$java" -XX:DumpLoadedClassList="$target/cds-training/$name.lst" \
    $flags -jar "$jar" "$@" >"$target/cds-training/$name.log" 2>&1
}
# the demo (in-JVM FTP server, scan, compare, download, embedded H2 store), then the start of a PostgreSQL and a
# MariaDB store (port 1 refuses: the drivers load and fail to connect, which is expected)
# shellcheck disable=SC2086
if train demo demo --quiet --local "$target/cds-training/local" \
  && { train pg tasks list --db 'jdbc:postgresql://127.0.0.1:1/none?user=none&connectTimeout=2'; \
       train mariadb tasks list --db 'jdbc:mariadb://127.0.0.1:1/none?user=none&connectTimeout=2000'; true; } \
  && awk '!seen[$0]++' "$target/cds-training/demo.lst" "$target/cds-training/pg.lst" \
       "$target/cds-training/mariadb.lst" >"$target/cds-training/classes.lst" \
  && "$java" -Xshare:dump -XX:SharedClassListFile="$target/cds-training/classes.lst" \
    -XX:SharedArchiveFile="$target/shotsync.jsa" $flags -cp "$jar" >"$target/cds-training/dump.log" 2>&1; then
  # what the launcher checks before using it (see its header): the jar's size and path and the JVM, links resolved
  javaid=$(readlink -f "$java" 2>/dev/null || echo "$java")
  printf '%s' "$(wc -c <"$jar" | tr -d ' ') $jar $javaid" >"$target/shotsync.jsa.id"
  # the class list goes into the distribution archive: the launcher makes an archive from it where it is unpacked
  cp "$target/cds-training/classes.lst" "$target/shotsync.classlist"
  echo "shotsync: class-data sharing archive $target/shotsync.jsa ($(wc -c <"$target/shotsync.jsa") bytes)"
else
  echo "shotsync: WARNING: no class-data sharing archive (see $target/cds-training/demo.log and dump.log)"
  rm -f "$target/shotsync.jsa" "$target/shotsync.jsa.id" "$target/shotsync.classlist"
fi
rm -rf "$target/cds-training/local" "$target/cds-training/home"
exit 0
