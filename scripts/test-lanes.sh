#!/usr/bin/env bash
# Run both database lanes side by side, in two phases:
#   1. each lane's tests that may share the machine, on TEST_WORKERS xdist workers each;
#   2. each lane's `serial` tests (real-time pacing, processes killed, a browser), one at a
#      time per lane: the two lanes' serial tests mostly wait, so together they still leave
#      the machine quiet enough.
# Both lanes at once because most tests wait on sockets and subprocesses: one lane alone left
# a core idle half of the time. Each lane's output is kept apart and printed when it ends.
# Run under scripts/pg-temp.sh (which sets TEST_DATABASE_URL); the SQLite lane drops it.
# Usage: scripts/pg-temp.sh scripts/test-lanes.sh PYTHON [PYTEST ARGS...]
#   TEST_WORKERS  xdist workers per lane in the first phase (2)
#   TEST_MARK     a marker expression for every pass, e.g. "not slow"
set -uo pipefail

PYTHON=$1
shift
WORKERS=${TEST_WORKERS:-2}
MARK=${TEST_MARK:+ and ($TEST_MARK)}
: "${TEST_DATABASE_URL:?run under scripts/pg-temp.sh, which starts the PostgreSQL lane}"
WORK=$(mktemp -d /tmp/thidua-lanes.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# pass NAME LANE ARGS...: one pytest run of one lane, its own temporary folder and log.
pass() {
  local name=$1 lane=$2
  shift 2
  local started=$SECONDS status
  if [ "$lane" = sqlite ]; then
    env -u TEST_DATABASE_URL "$PYTHON" -m pytest --basetemp="$WORK/$name" "$@" >"$WORK/$name.log" 2>&1
  else
    "$PYTHON" -m pytest --basetemp="$WORK/$name" "$@" >"$WORK/$name.log" 2>&1
  fi
  status=$?
  echo "$status $((SECONDS - started))" >"$WORK/$name.status"
}

# phase NAME...: wait for the named passes, print each log, fail on any failure.
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

parallel=(-n "$WORKERS" --dist worksteal -m "not serial$MARK" "$@")
pass sqlite-parallel sqlite "${parallel[@]}" &
pass pg-parallel pg "${parallel[@]}" &
wait
first=0
report sqlite-parallel pg-parallel || first=1

serial=(-p no:xdist -m "serial$MARK" "$@")
pass sqlite-serial sqlite "${serial[@]}" &
pass pg-serial pg "${serial[@]}" &
wait
second=0
report sqlite-serial pg-serial || second=1

exit $((first | second))
