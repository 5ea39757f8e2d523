#!/usr/bin/env bash
# bench/run.sh [PROFILE...]
#
# Measures shotsync as people run it beside lftp and rclone, on one vsftpd, in runs of the shared harness
# (../shared/bench/run-anchors.sh: deterministic shot tree, loopback vsftpd, byte-for-byte and mtime verification,
# server-side RETR counts). Profiles: tiny, small-files, large-files (default: small-files large-files).
#
# shotsync runs through the launcher (shotsync-cli/target/shotsync), with default settings. Each pass is one harness
# run of its own, so every ratio compares tools measured in the same run; in each, a full download into an empty
# directory, then the same command again as a no-op resync with --conflict-strategy compare from a cold process:
#   default  the main line: the default task store, the embedded H2 database under $SHOTSYNC_HOME (no --db), a fresh
#            $SHOTSYNC_HOME for the pass; beside lftp -P4 and rclone -t4 (named "shotsync")
#   memory   extra: --db memory:, beside rclone -t4 (named "shotsync-memory")
#   pg       extra: --db PostgreSQL, in a schema made for the pass and dropped after it, beside rclone -t4 (named
#            "shotsync-pg"); skipped with a note when psql cannot reach the server
#   skip     extra, not in the default PASSES: the default store with a --conflict-strategy skip resync
#            ("shotsync-skip")
# The reported figure is each shotsync line's ratio to `rclone copy --transfers 4` in its own run (bench/ratios.sh,
# which also prints the issue's targets beside the main line and each extra pass against the main one). GNU time
# records the peak RSS of every shotsync process, per pass and phase. Results land in $WORK/results.
#
# Environment: REPS (default 5), PASSES (default "default memory pg"), WORK (default /tmp/shotsync-bench), PORT,
# LAUNCHER, JAVA_OPTS (extra JVM flags, passed as SHOTSYNC_JAVA_OPTS), HARNESS, PG_URL (default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres, the database the project's tests use), PSQL (default
# "psql -h 127.0.0.1 -p 5432 -U postgres -d test", the same database, to make and drop the pass's schema).
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
LAUNCHER=${LAUNCHER:-$ROOT/shotsync-cli/target/shotsync}
export SHOTSYNC_JAVA_OPTS=${JAVA_OPTS:-}
export WORK=${WORK:-/tmp/shotsync-bench}
export REPS=${REPS:-5}
PASSES=${PASSES:-default memory pg}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
PSQL=${PSQL:-psql -h 127.0.0.1 -p 5432 -U postgres -d test}
PROFILES=("$@")
((${#PROFILES[@]})) || PROFILES=(small-files large-files)

[[ -x $HARNESS/run-anchors.sh ]] || { echo "bench: harness not found at $HARNESS" >&2; exit 1; }
[[ -x $LAUNCHER ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
"$ROOT/bench/warm-launcher.sh" "$LAUNCHER"
"$ROOT/bench/disk-note.sh" "$WORK"
for t in vsftpd lftp rclone; do
  command -v "$t" >/dev/null 2>&1 || [[ -x /usr/sbin/$t ]] || {
    echo "bench: $t missing: apt-get install -y --no-install-recommends vsftpd lftp rclone curl wget" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "bench: GNU time missing: apt-get install -y --no-install-recommends time" >&2; exit 1; }
mkdir -p "$WORK/results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RSS=$WORK/results/shotsync-rss-$STAMP
mkdir -p "$RSS"
SCHEMAS=()
cleanup() {
  for s in "${SCHEMAS[@]}"; do $PSQL -q -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
FILES=()

# run PASS PROFILE NAME TOOLS STORE RESYNC: one harness run of shotsync (as NAME, with the store options STORE and
# the resync's conflict strategy RESYNC) beside TOOLS, with a fresh, empty $SHOTSYNC_HOME for the pass (the default
# store is the H2 database in it); its results in a file of its own, the peak RSS of each shotsync process in
# $RSS/PROFILE-PASS-{full,resync}.txt (KiB)
run() {
  local pass=$1 profile=$2 name=$3 tools=$4 store=$5 resync=$6
  local out="$WORK/results/anchors-$profile-$STAMP-$pass.tsv" home="$WORK/shotsync-home/$profile-$pass"
  local common="--remote {url} --local {dest} --version-strategy all $store --quiet"
  local cmd="SHOTSYNC_HOME=$home /usr/bin/time -f %M -a -o $RSS/$profile-$pass"
  rm -rf -- "$home"
  mkdir -p -- "$home"
  FILES+=("$out")
  SHOTSYNC_NAME=$name TOOLS=$tools RESULTS=$out \
  SHOTSYNC_CMD="$cmd-full.txt $LAUNCHER download $common --conflict-strategy skip" \
  SHOTSYNC_RESYNC_CMD="$cmd-resync.txt $LAUNCHER download $common --conflict-strategy $resync" \
    "$HARNESS/run-anchors.sh" "$profile"
}
# schema PROFILE: a fresh PostgreSQL schema for the pass, dropped at the end; sets PG_DB to the --db option that
# names it, or to nothing when psql cannot make it
schema() {
  local s="shotsync_bench_${STAMP,,}_${1//-/_}"
  PG_DB=
  $PSQL -q -c "DROP SCHEMA IF EXISTS $s CASCADE; CREATE SCHEMA $s" >/dev/null 2>&1 || return 0
  SCHEMAS+=("$s")
  PG_DB="--db '$PG_URL$([[ $PG_URL == *\?* ]] && echo '&' || echo '?')currentSchema=$s'"
}

for profile in "${PROFILES[@]}"; do
  for pass in $PASSES; do
    case $pass in
      default)
        echo "== $profile: shotsync, default store (H2 under a fresh \$SHOTSYNC_HOME), beside lftp-p4 and rclone-t4"
        run default "$profile" shotsync "lftp-p4 rclone-t4" "" compare
        ;;
      memory)
        echo "== $profile: shotsync (memory store, extra) beside rclone-t4"
        run memory "$profile" shotsync-memory rclone-t4 "--db memory:" compare
        ;;
      pg)
        schema "$profile"
        if [[ -z $PG_DB ]]; then
          echo "== $profile: shotsync (PostgreSQL store, extra) skipped: '$PSQL' cannot create a schema" >&2
          continue
        fi
        echo "== $profile: shotsync (PostgreSQL store, extra; a fresh schema) beside rclone-t4"
        run pg "$profile" shotsync-pg rclone-t4 "$PG_DB" compare
        ;;
      skip)
        echo "== $profile: shotsync (default store, resync with skip, extra) beside rclone-t4"
        run skip "$profile" shotsync-skip rclone-t4 "" skip
        ;;
      *) echo "bench: unknown pass '$pass' (default, memory, pg, skip)" >&2; exit 2 ;;
    esac
  done
done
echo
echo "peak RSS of the shotsync processes, MB (max over the pass's runs; target <= 300 MB):"
for f in "$RSS"/*-full.txt; do
  [[ -e $f ]] || continue
  p=${f%-full.txt}
  printf '  %-28s full %4d  resync %4d\n' "$(basename "$p")" "$(sort -n "$f" | tail -1 | awk '{print int($1 / 1024)}')" \
    "$(sort -n "$p-resync.txt" 2>/dev/null | tail -1 | awk '{print int($1 / 1024)}')"
done
echo "  (KiB per process: $RSS)"
echo
"$ROOT/bench/ratios.sh" "${FILES[@]}"
