#!/usr/bin/env bash
# Set up (once) and open the dashboard on the embedded store, data/aims.duckdb by default.
# The first start creates the demo organisation. Extra arguments go to the dashboard,
# e.g. `bash scripts/start.sh --db /path/to/other.duckdb`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup_env.sh
ensure_venv requirements.txt
exec .venv/bin/python -m streamlit run app.py --server.address 127.0.0.1 \
    --browser.gatherUsageStats false -- "$@"
