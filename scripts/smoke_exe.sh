#!/usr/bin/env bash
# Build the distributable folder (python build.py all) and run the packaged program on
# the bundled example: demo, consolidate (with the arguments RunFrozenPython appends),
# validate, and compare its result JSON with the one from the source tree.
# Too slow for every CI run (about 2 minutes); run it before a release:
#   bash scripts/smoke_exe.sh [--reuse-env]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python build.py all "$@"

exe=dist/CCHC/cchc/cchc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

test -f dist/CCHC/cchc.xlam
test -f "dist/CCHC/ĐỌC TRƯỚC.txt"
"$exe" --help >/dev/null
"$exe" plans | grep -q cathai-2023
"$exe" demo --out "$work/demo"
"$exe" consolidate "$work/demo/bao-cao" --plan cathai-2023 --period 2023-Y \
  --out "$work/tong-hop.xlsx" --json "$work/ket-qua.json" --feedback "$work/phan-hoi" \
  --wb="cchc.xlam" --from_xl=1 --app="C:\\Program Files\\Microsoft Office\\EXCEL.EXE" --hwnd="1234"
cmp "$work/ket-qua.json" "$work/demo/ket-qua.json"
set +e
"$exe" validate "$work"/demo/bao-cao/phong/*.xlsx --plan cathai-2023 > "$work/validate.txt"
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "CÓ LỖI" "$work/validate.txt"
# The add-in's code is packed: without Excel the verb reaches xlwings, then says why it stops.
set +e
"$exe" addin help --wb="cchc.xlam" --from_xl=1 --hwnd="1" 2> "$work/addin.txt"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "không chạy được chức năng 'help'" "$work/addin.txt"

.venv/bin/python - "$exe" <<'PY'
import statistics, subprocess, sys, time
runs = []
for _ in range(5):
    t = time.perf_counter()
    subprocess.run([sys.argv[1], "plans"], check=True, capture_output=True)
    runs.append(time.perf_counter() - t)
print(f"start-up (cchc plans, median of 5): {statistics.median(runs):.2f} s")
PY
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
  # Time from starting the program without arguments to its window being on screen.
  CCHC_SETTINGS_DIR="$work/settings" xvfb-run -a bash -c '
    start=$(date +%s%N); "$0" & pid=$!
    until xdotool search --name "^CCHC" >/dev/null 2>&1; do sleep 0.05; done
    end=$(date +%s%N); kill $pid
    echo "window on screen after: $(( (end - start) / 1000000 )) ms"' "$exe"
fi
du -sh dist/CCHC/cchc | awk '{print "size of the program folder: " $1}'
echo "smoke test passed"
