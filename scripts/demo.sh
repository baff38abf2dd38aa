#!/usr/bin/env bash
# Set up and run the main job on the bundled example data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/cchc templates hodo-2024 --period 2024-Q1 --out out/bieu-mau
