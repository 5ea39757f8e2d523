#!/usr/bin/env bash
# bench/ab.sh LAUNCHER_A LAUNCHER_B [PROFILE] [RUNS]
#
# Interleaved A/B of two shotsync builds on one served tree, to tell a change from the machine's noise: RUNS rounds
# (default 6), each a full download into an emptied directory then a no-op --conflict-strategy compare resync, for A
# then B (B then A in every other round, so neither always goes first). Each build has a store of its own (the
# default embedded H2 store under a fresh SHOTSYNC_HOME, or DB, such as memory:), grown alike. Prints per phase the
# median and range of wall time, user and system CPU (GNU time), and the median of the paired differences B - A.
# One harness run of bench/run.sh compares shotsync with rclone; rclone's own time moves by a third between passes
# here, so a change to shotsync is measured with this script instead.
# Serves the harness's tree (../shared/bench: make-tree.sh, ftp-server.sh; vsftpd on loopback, needs root).
# Profiles: tiny, small-files (default), large-files. Environment: WORK (default /tmp/shotsync-ab), PORT (default
# 2123), HARNESS, DB (empty: the default store).
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/bench}
(($# >= 2)) || { echo "usage: bench/ab.sh LAUNCHER_A LAUNCHER_B [PROFILE] [RUNS]" >&2; exit 2; }
A=$1
B=$2
PROFILE=${3:-small-files}
RUNS=${4:-6}
WORK=${WORK:-/tmp/shotsync-ab}
PORT=${PORT:-2123}
for l in "$A" "$B"; do [[ -x $l ]] || { echo "ab: $l is not an executable launcher" >&2; exit 2; }; done
[[ -x /usr/bin/time ]] || { echo "ab: GNU time missing: apt-get install -y --no-install-recommends time" >&2; exit 1; }
"$ROOT/bench/disk-note.sh" "$WORK"
TREE=$WORK/trees/$PROFILE
"$HARNESS/make-tree.sh" "$TREE" "$PROFILE" >/dev/null
export STATE_ROOT=$WORK/server
"$HARNESS/ftp-server.sh" start "$TREE" "$PORT" >/dev/null
trap '"$HARNESS/ftp-server.sh" stop "$TREE" "$PORT" >/dev/null 2>&1 || true' EXIT
rm -rf -- "$WORK/a" "$WORK/b"
mkdir -p "$WORK/a" "$WORK/b"
TIMES=$WORK/times.tsv
: >"$TIMES"
db=()
[[ -n ${DB:-} ]] && db=(--db "$DB")

# one command of one build: its wall, user and system seconds appended to $TIMES as "build phase wall user sys"
run() {
  local name=$1 launcher=$2 phase=$3 conflict=$4
  SHOTSYNC_HOME=$WORK/$name/home /usr/bin/time -f "$name $phase %e %U %S" -a -o "$TIMES" \
    "$launcher" download --remote "ftp://anonymous@127.0.0.1:$PORT/" --local "$WORK/$name/dl" \
    --version-strategy all --quiet --conflict-strategy "$conflict" "${db[@]}" >/dev/null
}
round() {
  local name=$1 launcher=$2
  rm -rf -- "$WORK/$name/dl"
  sync
  run "$name" "$launcher" full skip
  run "$name" "$launcher" resync compare
}
export SHOTSYNC_PASSWORD=bench
# warm-up, not counted: each launcher once, with the class-data sharing archive it may make
SHOTSYNC_HOME=$WORK/a/home "$ROOT/bench/warm-launcher.sh" "$A"
SHOTSYNC_HOME=$WORK/b/home "$ROOT/bench/warm-launcher.sh" "$B"
for ((i = 1; i <= RUNS; i++)); do
  if ((i % 2)); then round a "$A"; round b "$B"; else round b "$B"; round a "$A"; fi
done
python3 - "$TIMES" "$A" "$B" "$PROFILE" "$RUNS" <<'PY'
import statistics as st, sys
path, a, b, profile, runs = sys.argv[1:]
rows = {}
for line in open(path):
    name, phase, *vals = line.split()
    if len(vals) != 3:
        continue
    rows.setdefault((name, phase), []).append(tuple(float(v) for v in vals))
print(f"bench/ab.sh: {profile}, {runs} interleaved rounds; A = {a}, B = {b}")
print(f"{'phase':7} {'build':5} {'wall median (min-max)':24} {'user':>6} {'sys':>6}")
for phase in ("full", "resync"):
    for name in ("a", "b"):
        r = rows.get((name, phase), [])
        if not r:
            continue
        w = [x[0] for x in r]
        print(f"{phase:7} {name.upper():5} {st.median(w):6.3f} s ({min(w):.3f}-{max(w):.3f})  "
              f"{st.median(x[1] for x in r):6.2f} {st.median(x[2] for x in r):6.2f}")
    ra, rb = rows.get(("a", phase), []), rows.get(("b", phase), [])
    if ra and rb:
        d = [y[0] - x[0] for x, y in zip(ra, rb)]
        print(f"{phase:7} B - A: median {st.median(d):+.3f} s wall over {len(d)} pairs "
              f"({sum(1 for v in d if v < 0)} of them faster with B)")
PY
