#!/usr/bin/env bash
# Lint and run every test, including the real-browser tests (Debian's Chromium required;
# `.ci/run` installs it). Creates .venv and installs the pinned dev requirements when they
# are missing or have changed; otherwise starts at once. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh
ensure_venv requirements-dev.txt

if [ ! -x /usr/bin/chromium ]; then
    echo "note: /usr/bin/chromium not found; browser tests are skipped (they fail when CI is set)" >&2
fi

lint_status=0
.venv/bin/ruff check . || lint_status=$?

test_status=0
.venv/bin/python -m pytest -q "$@" || test_status=$?

if [ "$test_status" -ne 0 ]; then
    exit "$test_status"
fi
exit "$lint_status"
