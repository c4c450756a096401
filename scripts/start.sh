#!/usr/bin/env bash
# Set up (once) and open the dashboard on the embedded store, data/aims.duckdb by default.
# The first start creates the demo organisation. Extra arguments go to the dashboard,
# e.g. `bash scripts/start.sh --db /path/to/other.duckdb`.
# It runs in local mode (no sign-in, bound to 127.0.0.1) unless [auth] is configured in
# .streamlit/secrets.toml: for one person on this computer, never for a server (README,
# Security model).
set -euo pipefail
export AIMS_LOCAL_MODE="${AIMS_LOCAL_MODE:-1}"
cd "$(dirname "$0")/.."
source scripts/setup_env.sh
ensure_venv requirements.txt
exec .venv/bin/python -m streamlit run app.py --server.address 127.0.0.1 \
    --browser.gatherUsageStats false -- "$@"
