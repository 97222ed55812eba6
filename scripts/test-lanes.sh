#!/usr/bin/env bash
# Run both database lanes (SQLite, and a throw-away PostgreSQL) at once:
#   - in the background, at the lowest CPU priority (nice 19), each lane's tests that may share
#     the machine, on TEST_WORKERS xdist workers each;
#   - in the foreground, at normal priority, each lane's `serial` tests (real-time pacing,
#     processes killed, a browser, timed answers), one lane after the other.
# The serial tests mostly wait on clocks and sockets, and when they need a core the scheduler
# gives it to them before the niced workers: they run as on a quiet machine, while the
# workers use what they leave. Each PostgreSQL pass has a server of its own (the background
# one niced with it). Each pass's output is kept apart and printed when all have ended.
# Usage: scripts/test-lanes.sh PYTHON [PYTEST ARGS...]
#   TEST_WORKERS  xdist workers per lane in the background (2: this machine has two cores)
#   TEST_MARK     a marker expression for every pass, e.g. "not slow"
set -uo pipefail

PYTHON=$1
shift
WORKERS=${TEST_WORKERS:-2}
MARK=${TEST_MARK:+ and ($TEST_MARK)}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/thidua-lanes.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# pass NAME LANE ARGS...: one pytest run of one lane, with its own temporary folder and log.
pass() {
  local name=$1 lane=$2
  shift 2
  local started=$SECONDS status
  local pytest=("$PYTHON" -m pytest --basetemp="$WORK/$name" "$@")
  if [ "$lane" = sqlite ]; then
    env -u TEST_DATABASE_URL "${pytest[@]}" >"$WORK/$name.log" 2>&1
  else
    "$HERE/pg-temp.sh" "${pytest[@]}" >"$WORK/$name.log" 2>&1
  fi
  status=$?
  echo "$status $((SECONDS - started))" >"$WORK/$name.status"
}

# report NAME...: print each pass's log; fail if any pass failed.
report() {
  local failed=0 name status seconds
  for name in "$@"; do
    read -r status seconds <"$WORK/$name.status"
    echo "=== $name: exit $status in ${seconds} s"
    cat "$WORK/$name.log"
    # 5 is "no test selected", e.g. PYTEST_ARGS naming one file with no serial test in it.
    if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then failed=1; fi
  done
  return "$failed"
}

started=$SECONDS
parallel=(-n "$WORKERS" --dist worksteal -m "not serial$MARK" "$@")
(renice -n 19 -p "$BASHPID" >/dev/null || true; pass sqlite-parallel sqlite "${parallel[@]}") &
(renice -n 19 -p "$BASHPID" >/dev/null || true; pass pg-parallel pg "${parallel[@]}") &

serial=(-p no:xdist -m "serial$MARK" "$@")
pass sqlite-serial sqlite "${serial[@]}"
pass pg-serial pg "${serial[@]}"
wait

failed=0
report sqlite-parallel pg-parallel sqlite-serial pg-serial || failed=1
echo "=== both lanes in $((SECONDS - started)) s"
exit "$failed"
