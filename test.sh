#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: "N passed, N failed[, N skipped]".
# Whatever the tests need, they start themselves (in-process silos, API processes, temp stores).
set -uo pipefail
cd "$(dirname "$0")"

results="$(mktemp -d)"
postgres="/tmp/op-postgres-$$-$RANDOM"
trap 'scripts/throwaway-postgres.sh stop "$postgres" >/dev/null 2>&1 || true; rm -rf "$results"' EXIT

# What the tests need besides .NET: a throwaway PostgreSQL, docker-compose to validate the compose
# file, and Chromium for the browser tests (Debian packages; installed when missing).
# An install waits for the package lock (another apt run on the machine) for up to 5 minutes; if it
# still cannot complete, the run stops with a clear message instead of failing tests for it.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get -o DPkg::Lock::Timeout=300 -y -q)
  "${apt[@]}" install "$@" >/dev/null 2>&1 || { "${apt[@]}" update >/dev/null 2>&1 && "${apt[@]}" install "$@" >/dev/null 2>&1; }
}
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "installing docker-compose (Debian package) ..."
  if ! apt_install docker-compose; then
    echo "test.sh: could not install Debian's docker-compose (package lock held for 5 minutes, or no package source); install it and run again." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
# The browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian package) for the browser tests ..."
  if ! apt_install chromium; then
    echo "test.sh: could not install Debian's chromium (package lock held for 5 minutes, or no package source); install it and run again." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
OP_TEST_POSTGRES="$(scripts/throwaway-postgres.sh start "$postgres" | tail -n 1)" || { echo "test.sh: the throwaway PostgreSQL did not start (see above)." >&2; echo "0 passed, 1 failed"; exit 1; }
export OP_TEST_POSTGRES

dotnet build OrleansPersonalization.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
dotnet test OrleansPersonalization.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true
status=$?

# Sum the counters of every test project's TRX file.
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
[ "$files" -gt 0 ] || failed=$((failed + 1))
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1

line="$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
