#!/usr/bin/env bash
# bench/chaos.sh — the chaos soak (issue 21), bounded, not in CI: about 8 minutes of run plus the build.
#
# Three `shotsync worker` processes (the shaded jar, each with --bwlimit 512K) share one PostgreSQL queue holding
# 20 tasks over two shot trees (two in-JVM Apache FtpServers, 48 files and 25 MiB each), each server behind the test
# kit's FaultProxy, which cuts 5% of data connections at a random byte. For 5 minutes a random worker is killed with
# kill -9 every 10-20 s and a new one started; then the workers finish the queue and are stopped. The report checks:
# every task COMPLETED and every item completed once; every file byte-identical with the remote and with its mtime,
# nothing else left (.part, probes); no item ever held by two live workers at once (from a change history of the
# items table recorded by a trigger in the soak's own schema); the bytes the servers sent against what was needed;
# the store's invariants at the end (no RUNNING item without a live lease).
#
# It runs ChaosSoakIT (the CI's short form) with SHOTSYNC_CHAOS_PROFILE=bench. Environment:
#   SHOTSYNC_TEST_POSTGRES_URL  default jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=5
#   SHOTSYNC_CHAOS_SEED         the seed of the kill schedule and of the cuts (default: random, printed)
#   SHOTSYNC_CHAOS_WORKERS (3), _TASKS (20), _SECONDS (300), _KILL_EVERY (10-20), _CUT (0.05), _BWLIMIT (512K)
#   SHOTSYNC_CHAOS_KEEP=1       keep the PostgreSQL schema (chaos_...) afterwards
#   MVN_FLAGS                   extra Maven flags, like -o
# Output: the report on stdout (also shotsync-cli/target/chaos-report.txt); the Maven log in $WORK/chaos-mvn.log
# (WORK default /tmp/shotsync-bench). Exit status 0 when every check held.
set -euo pipefail
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/shotsync-bench}
mkdir -p "$WORK"
export SHOTSYNC_CHAOS_PROFILE=${SHOTSYNC_CHAOS_PROFILE:-bench}
export SHOTSYNC_REQUIRE_DATABASES=1
REPORT=$ROOT/shotsync-cli/target/chaos-report.txt
rm -f -- "$REPORT"
echo "chaos: building and running the soak (profile $SHOTSYNC_CHAOS_PROFILE); Maven log in $WORK/chaos-mvn.log" >&2
status=0
(cd "$ROOT" && mvn -B ${MVN_FLAGS:-} -pl shotsync-cli -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ChaosSoakIT -Dfailsafe.failIfNoSpecifiedTests=false) >"$WORK/chaos-mvn.log" 2>&1 || status=$?
if [[ -f $REPORT ]]; then
  cat -- "$REPORT"
else
  echo "chaos: no report; the end of the Maven log:" >&2
  tail -n 60 -- "$WORK/chaos-mvn.log" >&2
fi
exit "$status"
