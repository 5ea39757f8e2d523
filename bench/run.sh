#!/usr/bin/env bash
# bench/run.sh [PROFILE...]
#
# Measures shotsync beside lftp and rclone, on one vsftpd, in one run of the shared harness
# (../shared/bench/run-anchors.sh: deterministic shot tree, loopback vsftpd, byte-for-byte and
# mtime verification, server-side RETR counts). Profiles: tiny, small-files, large-files
# (default: small-files large-files).
#
# For each profile it runs the harness twice, each with its own anchors so every ratio comes
# from one run:
#   1. shotsync full + resync with --conflict-strategy compare, beside lftp -P4 and rclone -t4
#   2. shotsync full + resync with --conflict-strategy skip, beside rclone -t4
#   3. only with PG_URL set: pass 2 again with the task store in PostgreSQL (--db $PG_URL), named
#      shotsync-pg; its ratio to rclone-t4 over pass 2's gives the PostgreSQL store's cost
# and it records the peak RSS of every shotsync process (GNU time). Results land in
# $WORK/results (default /tmp/shotsync-bench/results); bench/ratios.sh prints the ratios.
#
# shotsync runs the documented way, through the launcher shotsync-cli/target/shotsync (class-data sharing
# archive, client compiler, serial GC, capped heap), with default settings.
#
# Environment: PG_URL (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres), REPS (default 5), WORK,
# PORT, LAUNCHER (default shotsync-cli/target/shotsync), JAVA_OPTS (extra JVM flags, passed as SHOTSYNC_JAVA_OPTS), DB (default memory:, e.g. a jdbc:postgresql URL),
# HARNESS.
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
LAUNCHER=${LAUNCHER:-$ROOT/shotsync-cli/target/shotsync}
export SHOTSYNC_JAVA_OPTS=${JAVA_OPTS:-}
export WORK=${WORK:-/tmp/shotsync-bench}
export REPS=${REPS:-5}
DB=${DB:-memory:}
PROFILES=("$@")
((${#PROFILES[@]})) || PROFILES=(small-files large-files)

[[ -x $HARNESS/run-anchors.sh ]] || { echo "bench: harness not found at $HARNESS" >&2; exit 1; }
[[ -x $LAUNCHER ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
for t in vsftpd lftp rclone; do
  command -v "$t" >/dev/null 2>&1 || [[ -x /usr/sbin/$t ]] || {
    echo "bench: $t missing: apt-get install -y --no-install-recommends vsftpd lftp rclone curl wget" >&2; exit 1; }
done
mkdir -p "$WORK/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RSS="$WORK/results/shotsync-rss-$STAMP.txt"
FILES=()
# run PASS PROFILE: one harness run, its results in a file of its own
run() {
  local out="$WORK/results/anchors-$2-$STAMP-$1.tsv"
  FILES+=("$out")
  RESULTS=$out "$HARNESS/run-anchors.sh" "$2"
}
JAVA="/usr/bin/time -f %M -a -o $RSS $LAUNCHER"
COMMON="--remote {url} --local {dest} --version-strategy all --db $DB --quiet"
PG_COMMON="--remote {url} --local {dest} --version-strategy all --db '${PG_URL:-}' --quiet"

for profile in "${PROFILES[@]}"; do
  echo "== $profile: shotsync (resync = compare) beside lftp-p4 and rclone-t4"
  SHOTSYNC_NAME=shotsync TOOLS="lftp-p4 rclone-t4" \
  SHOTSYNC_CMD="$JAVA download $COMMON --conflict-strategy skip" \
  SHOTSYNC_RESYNC_CMD="$JAVA download $COMMON --conflict-strategy compare" \
    run compare "$profile"
  echo "== $profile: shotsync (resync = skip) beside rclone-t4"
  SHOTSYNC_NAME=shotsync-skip TOOLS="rclone-t4" \
  SHOTSYNC_CMD="$JAVA download $COMMON --conflict-strategy skip" \
    run skip "$profile"
  if [[ -n "${PG_URL:-}" ]]; then
    echo "== $profile: shotsync with the PostgreSQL store (resync = skip) beside rclone-t4"
    SHOTSYNC_NAME=shotsync-pg TOOLS="rclone-t4" \
    SHOTSYNC_CMD="$JAVA download $PG_COMMON --conflict-strategy skip" \
      run pg "$profile"
  fi
done
echo "peak RSS of shotsync runs (KiB), max: $(sort -n "$RSS" | tail -1)  file: $RSS"
"$ROOT/bench/ratios.sh" "${FILES[@]}"
