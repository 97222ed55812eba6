#!/usr/bin/env bash
# Run the tests of one database lane in two passes: everything that may share the machine on
# pytest-xdist workers, then the `serial` tests (servers stopped, real-time pacing, a browser,
# timed answers) alone. The lane is whatever TEST_DATABASE_URL says (unset: SQLite).
# Usage: scripts/test-lane.sh PYTHON [PYTEST ARGS...]
#   TEST_WORKERS  how many xdist workers (2: this project's machine has two cores)
#   TEST_MARK     a marker expression for both passes, e.g. "not slow" (pytest keeps one -m)
set -uo pipefail

PYTHON=$1
shift
WORKERS=${TEST_WORKERS:-2}
MARK=${TEST_MARK:+ and ($TEST_MARK)}

# worksteal: a few tests take half a minute each; an idle worker takes from the busy one.
"$PYTHON" -m pytest -n "$WORKERS" --dist worksteal -m "not serial$MARK" "$@"
parallel=$?
"$PYTHON" -m pytest -p no:xdist -m "serial$MARK" "$@"
serial=$?

# 5 is "no test selected", e.g. PYTEST_ARGS naming one file with no serial test in it.
for status in "$parallel" "$serial"; do
  if [ "$status" -ne 0 ] && [ "$status" -ne 5 ]; then exit "$status"; fi
done
if [ "$parallel" -eq 5 ] && [ "$serial" -eq 5 ]; then exit 5; fi
exit 0
