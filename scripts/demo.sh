#!/usr/bin/env bash
# Set up and run the main job on the bundled example data: a realistic folder of unit
# reports for the Cát Hải 2023 plan, consolidated into out/demo/tong-hop.xlsx.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/cchc demo --out out/demo
