#!/usr/bin/env bash
# bench/server.sh: the server's benchmark (not a test). Serves the harness's small-files tree (../shared/bench:
# make-tree.sh, ftp-server.sh; vsftpd on 127.0.0.1, needs root) and measures, in one run:
#
#   1. warm-daemon resync: a no-op `compare` resync of the whole tree through a running `shotsync serve` (POST a task
#      with execute, poll GET .../tasks/{id} until COMPLETED) against `rclone rcd` with sync/copy (the call
#      `rclone rc sync/copy` makes; --transfers 4 and the harness's other rclone-t4 flags) on the same vsftpd. Both
#      daemons download the tree once, then WARMUP unmeasured and REPS measured resyncs, alternating; the ratio is of
#      the medians. The task works from the endpoint's cached scan and lists each item's directories again (the scan
#      is older than relistAfter); a second shotsync figure POSTs a scan first (new shots and versions found too),
#      as rclone, which lists everything every time. The time is from the starting request to the answer saying it ended, on a kept-alive
#      connection (bench/server-client.py), so neither side pays a process start.
#   2. load: wrk (16 connections, 2 threads, 20 s) on GET /api/v1/shots/tasks and GET /api/v1/shots/tasks/{id} (the
#      running task) while the server downloads the tree into an emptied directory: requests/s and p99 latency, the
#      download's time against the same download without load (one run before, one after; their mean), and the
#      server process's peak RSS (VmHWM) at the end.
#
# shotsync runs through the launcher (serve: both JIT compilers, G1) with its default task store, the embedded H2
# database under a fresh $SHOTSYNC_HOME, as `shotsync serve` runs without --db (DB=memory: or DB=jdbc:... for
# another). Everything listens on 127.0.0.1. Needs root, vsftpd, rclone, wrk, python3, jq.
# Environment: WORK (default /tmp/shotsync-bench-server), PORT (vsftpd, 2131), SERVE_PORT (8731), RCD_PORT (5731),
# REPS (5), WARMUP (10), PARTS ("resync load"), DB (empty: the default store), LAUNCHER, HARNESS, JAVA_OPTS (passed as SHOTSYNC_JAVA_OPTS).
set -euo pipefail
export LC_ALL=C TZ=UTC
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
LAUNCHER=${LAUNCHER:-$ROOT/shotsync-cli/target/shotsync}
WORK=${WORK:-/tmp/shotsync-bench-server}
PORT=${PORT:-2131}
SERVE_PORT=${SERVE_PORT:-8731}
RCD_PORT=${RCD_PORT:-5731}
REPS=${REPS:-5}
WARMUP=${WARMUP:-10}
PARTS=${PARTS:-resync load}
DB=${DB:-}
PROFILE=small-files
CLIENT="python3 $ROOT/bench/server-client.py"
export SHOTSYNC_JAVA_OPTS=${JAVA_OPTS:-}
# a passive port range of its own, so it can run beside the harness's vsftpd (30000-30999)
export STATE_ROOT=$WORK/server PASV_MIN=${PASV_MIN:-31000} PASV_MAX=${PASV_MAX:-31999}

[[ -x $HARNESS/make-tree.sh ]] || { echo "bench: harness not found at $HARNESS" >&2; exit 1; }
for t in rclone wrk jq python3 curl; do
  command -v "$t" >/dev/null 2>&1 || { echo "bench: $t missing: apt-get install -y --no-install-recommends vsftpd rclone wrk jq curl" >&2; exit 1; }
done
[[ -x $LAUNCHER ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)

TREE=$WORK/trees/$PROFILE
DL=$WORK/dl
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$WORK/results/server-$STAMP.txt
rm -rf -- "$WORK/home/.shotsync"   # the default store starts empty on every run
mkdir -p "$WORK/results" "$DL" "$WORK/home"
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_CACHE_HOME=$WORK/home/.cache
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

SERVE_PID= RCD_PID=
cleanup() {
  if [[ -n $SERVE_PID ]]; then kill -TERM "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
  if [[ -n $RCD_PID ]]; then kill -TERM "$RCD_PID" 2>/dev/null || true; wait "$RCD_PID" 2>/dev/null || true; fi
  "$HARNESS/ftp-server.sh" stop "$TREE" "$PORT" >/dev/null 2>&1 || true
  rm -rf -- "$DL"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "$*" | tee -a "$OUT"; }
median() { sort -n | awk '{a[NR] = $1} END {print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# verify DIR: the same paths, sizes and mtimes as the tree, and the same bytes
verify() {
  diff <(cd "$TREE" && find . -type f -printf '%P %s %T@\n' | sort) \
       <(cd "$1" && find . -type f -printf '%P %s %T@\n' | sort) >/dev/null \
    && diff -rq "$TREE" "$1" >/dev/null && echo yes || echo NO
}
wait_http() {
  for _ in $(seq 1 300); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: $1 does not answer" >&2; exit 1
}

"$HARNESS/make-tree.sh" "$TREE" "$PROFILE" >/dev/null
"$HARNESS/ftp-server.sh" start "$TREE" "$PORT" >/dev/null
NFILES=$(find "$TREE" -type f | wc -l)

say "== bench/server.sh $STAMP: $PROFILE ($NFILES files), REPS=$REPS WARMUP=$WARMUP DB=${DB:-default (H2 under \$SHOTSYNC_HOME)}"
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
" $(free -g | awk '/Mem:/ {print $2}') GiB, kernel $(uname -r), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
say "java: $(java -version 2>&1 | head -1); $(rclone version 2>/dev/null | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"

# ---------------------------------------------------------------- the two daemons
: >"$WORK/home/rclone.conf"
SHOTSYNC_SERVER_TOKEN=$TOKEN SHOTSYNC_HOME=$WORK/home/.shotsync SHOTSYNC_PASSWORD=bench \
  "$LAUNCHER" serve --remote "ftp://anonymous@127.0.0.1:$PORT/" --local "$DL/shotsync" --port "$SERVE_PORT" \
  ${DB:+--db "$DB"} >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
RCLONE_CONFIG=$WORK/home/rclone.conf RCLONE_CONFIG_BENCH_TYPE=ftp RCLONE_CONFIG_BENCH_HOST=127.0.0.1 \
  RCLONE_CONFIG_BENCH_PORT=$PORT RCLONE_CONFIG_BENCH_USER=anonymous RCLONE_CONFIG_BENCH_PASS=$(rclone obscure bench) \
  rclone rcd --rc-no-auth --rc-addr "127.0.0.1:$RCD_PORT" --transfers 4 --multi-thread-streams 0 --retries 1 \
  --low-level-retries 2 --contimeout 10s --timeout 60s -q >"$WORK/rcd.log" 2>&1 &
RCD_PID=$!
wait_http "http://127.0.0.1:$SERVE_PORT/api/v1/health"
for _ in $(seq 1 100); do curl -fsS -o /dev/null -X POST "http://127.0.0.1:$RCD_PORT/rc/noop" && break; sleep 0.1; done

shotsync_task() { $CLIENT shotsync "$SERVE_PORT" "$TOKEN" "$@"; }
rclone_copy() { $CLIENT rclone "$RCD_PORT" bench:/ "$DL/rclone"; }
hwm() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVE_PID/status"; }

# ---------------------------------------------------------------- 1. warm-daemon resync
full_s=$(shotsync_task skip)
rss_full=$(hwm)
if [[ " $PARTS " == *" resync "* ]]; then
full_r=$(rclone_copy)
say "full download: shotsync $(jq -r '.seconds' <<<"$full_s") s ($(jq -r '.status' <<<"$full_s"), verified $(verify "$DL/shotsync")),"\
" rclone rcd $(jq -r '.seconds' <<<"$full_r") s (verified $(verify "$DL/rclone"))"
for i in $(seq 1 "$WARMUP"); do
  shotsync_task compare >/dev/null; shotsync_task compare --scan >/dev/null; rclone_copy >/dev/null
done
: >"$WORK/resync-shotsync.txt"; : >"$WORK/resync-shotsync-scan.txt"; : >"$WORK/resync-rclone.txt"
for i in $(seq 1 "$REPS"); do
  s=$(shotsync_task compare)
  [[ $(jq -r '.status' <<<"$s") == COMPLETED ]] || { echo "bench: resync $s" >&2; exit 1; }
  jq -r '.seconds' <<<"$s" >>"$WORK/resync-shotsync.txt"
  s=$(shotsync_task compare --scan)
  [[ $(jq -r '.status' <<<"$s") == COMPLETED ]] || { echo "bench: resync $s" >&2; exit 1; }
  jq -r '.seconds' <<<"$s" >>"$WORK/resync-shotsync-scan.txt"
  rclone_copy | jq -r '.seconds' >>"$WORK/resync-rclone.txt"
done
ms=$(median <"$WORK/resync-shotsync.txt")
mss=$(median <"$WORK/resync-shotsync-scan.txt")
mr=$(median <"$WORK/resync-rclone.txt")
say "warm resync (compare, 0 files sent), $REPS runs after $WARMUP warm-up, medians:"
say "  shotsync serve task      $ms s [$(paste -sd' ' "$WORK/resync-shotsync.txt")]"
say "  shotsync serve scan+task $mss s [$(paste -sd' ' "$WORK/resync-shotsync-scan.txt")]"
say "  rclone rcd sync/copy     $mr s [$(paste -sd' ' "$WORK/resync-rclone.txt")]"
say "  ratio to rclone rcd: task $(awk -v a="$ms" -v b="$mr" 'BEGIN {printf "%.2f", a / b}'),"\
" scan+task $(awk -v a="$mss" -v b="$mr" 'BEGIN {printf "%.2f", a / b}') (target <= 0.4)"
say "  last resync: $(jq -c '.files' <<<"$s")"
fi
rss_resync=$(hwm)

# ---------------------------------------------------------------- 2. load
[[ " $PARTS " == *" load "* ]] || exit 0
download() {   # a full download into an emptied directory; prints its JSON
  rm -rf -- "$DL/shotsync"
  sync
  shotsync_task skip
}
quiet1=$(download)
rm -rf -- "$DL/shotsync"; sync
id=$($CLIENT shotsync "$SERVE_PORT" "$TOKEN" skip --no-wait | jq -r .id)
started=$(date +%s.%N)
cat >"$WORK/wrk.lua" <<'EOF'
local token = os.getenv("TOKEN")
local paths = {"/api/v1/shots/tasks", "/api/v1/shots/tasks/" .. os.getenv("TASK")}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[n % 2 + 1], {["Authorization"] = "Bearer " .. token})
end
EOF
TOKEN=$TOKEN TASK=$id wrk -t2 -c16 -d20s --latency -s "$WORK/wrk.lua" "http://127.0.0.1:$SERVE_PORT" >"$WORK/wrk.txt" 2>&1 &
WRK_PID=$!
loaded=$($CLIENT wait "$SERVE_PORT" "$TOKEN" "$id")
loaded_s=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.3f", e - s}')
wait "$WRK_PID"
rss=$(hwm)
tasks=$(curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$SERVE_PORT/api/v1/shots/tasks?limit=1000" | jq '.tasks | length')
verified=$(verify "$DL/shotsync")
quiet2=$(download)
q1=$(jq -r .seconds <<<"$quiet1"); q2=$(jq -r .seconds <<<"$quiet2")
quiet=$(awk -v a="$q1" -v b="$q2" 'BEGIN {printf "%.3f", (a + b) / 2}')
rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
errors=$(grep -E 'Non-2xx|Socket errors' "$WORK/wrk.txt" | tr -s ' ' | paste -sd';' || true)
say "load: wrk -t2 -c16 -d20s on GET /api/v1/shots/tasks and /api/v1/shots/tasks/{id} during a full download:"
say "  $rps requests/s, p99 $p99 (target >= 1000/s, p99 <= 50 ms)${errors:+; $errors}"
say "  download under load $loaded_s s ($(jq -r .status <<<"$loaded"), verified $verified) against $quiet s without"\
" ($q1 s before, $q2 s after): $(awk -v a="$loaded_s" -v b="$quiet" 'BEGIN {printf "%+.0f%%", (a / b - 1) * 100}') (target <= +10%)"
say "  server peak RSS (VmHWM) $rss MB at the end (target <= 300 MB); $rss_full MB after the first download,"\
" $rss_resync MB after the resyncs; the store (${DB:-default H2}) then holds $tasks tasks of 5,131 file records and log records each"
say "load after: $(cut -d' ' -f1-3 /proc/loadavg); full wrk output: $WORK/wrk.txt; this summary: $OUT"
