#!/usr/bin/env bash
# bench/inprocess.sh [PROFILE] [REPEAT]
#
# In-process mode: separates JVM start-up and warm-up from the work itself. Serves the harness's shot tree
# (../shared/bench: make-tree.sh, ftp-server.sh; vsftpd on loopback, needs root) and runs, each in ONE JVM,
# REPEAT runs (default 4) with per-run timings (scan, plan, transfer):
#   1. full downloads into an emptied directory (--repeat-fresh): run 1 is a cold JVM, the rest warm
#   2. no-op resyncs with --conflict-strategy compare, then skip
# The first run's "start-up" line is the time from JVM start to the first FTP work; later runs show what the
# same download costs once classes are loaded and code is compiled. Profiles: tiny, small-files (default),
# large-files. Environment: WORK (default /tmp/shotsync-bench), PORT (default 2122), LAUNCHER, HARNESS.
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
LAUNCHER=${LAUNCHER:-$ROOT/shotsync-cli/target/shotsync}
WORK=${WORK:-/tmp/shotsync-bench}
PORT=${PORT:-2122}
PROFILE=${1:-small-files}
REPEAT=${2:-4}
[[ -x $HARNESS/make-tree.sh ]] || { echo "inprocess: harness not found at $HARNESS" >&2; exit 1; }
[[ -x $LAUNCHER ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
TREE=$WORK/trees/$PROFILE
DEST=$WORK/dl/$PROFILE/shotsync-inprocess
"$HARNESS/make-tree.sh" "$TREE" "$PROFILE" >/dev/null
export STATE_ROOT=$WORK/server
"$HARNESS/ftp-server.sh" start "$TREE" "$PORT" >/dev/null
trap '"$HARNESS/ftp-server.sh" stop "$TREE" "$PORT" >/dev/null 2>&1 || true; rm -rf -- "$DEST"' EXIT
rm -rf -- "$DEST"
export SHOTSYNC_PASSWORD=bench
COMMON=(download --remote "ftp://anonymous@127.0.0.1:$PORT/" --local "$DEST" --version-strategy all
  --db memory: --quiet --timings --repeat "$REPEAT")
echo "== $PROFILE: full download, $REPEAT runs in one JVM (run 1 cold)"
"$LAUNCHER" "${COMMON[@]}" --conflict-strategy skip --repeat-fresh 2>&1 | grep -v '^COMPLETED'
for strategy in compare skip; do
  echo "== $PROFILE: no-op resync with --conflict-strategy $strategy, $REPEAT runs in one JVM (run 1 cold)"
  "$LAUNCHER" "${COMMON[@]}" --conflict-strategy "$strategy" 2>&1 | grep -v '^COMPLETED'
done
