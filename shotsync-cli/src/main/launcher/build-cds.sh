#!/bin/sh
# build-cds.sh TARGET_DIR JAVA: puts the launcher next to shotsync.jar and records the classes a representative run
# loads (the demo: an in-JVM FTP server, a scan, a comparison and a download) into the class-data sharing archive
# shotsync.jsa, which the launcher maps at start-up. A failure leaves no archive and does not fail the build: the
# launcher runs without it.
set -u
target=$1
java=$2
cp "$(dirname "$0")/shotsync" "$target/shotsync" && chmod +x "$target/shotsync" || exit 1
rm -rf "$target/shotsync.jsa" "$target/cds-training"
mkdir -p "$target/cds-training"
if SHOTSYNC_HOME="$target/cds-training/home" "$java" -XX:ArchiveClassesAtExit="$target/shotsync.jsa" \
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off \
    -jar "$target/shotsync.jar" demo --quiet --local "$target/cds-training/local" >"$target/cds-training/demo.log" 2>&1; then
  echo "shotsync: class-data sharing archive $target/shotsync.jsa ($(wc -c <"$target/shotsync.jsa") bytes)"
else
  echo "shotsync: WARNING: no class-data sharing archive (the training run failed, see $target/cds-training/demo.log)"
  rm -f "$target/shotsync.jsa"
fi
rm -rf "$target/cds-training/local" "$target/cds-training/home"
exit 0
