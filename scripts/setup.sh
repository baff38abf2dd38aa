#!/usr/bin/env bash
# Create .venv and install the project with its test tools. Installs LibreOffice (and the
# virtual screen used by the window test) through apt-get when missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui fonts-liberation)
# Writer renders the .docx report drafts to PDF in the tests.
[ -e /usr/lib/libreoffice/program/libswlo.so ] || ! command -v apt-get >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v Xvfb >/dev/null 2>&1 || need_apt+=(xvfb)
command -v xdotool >/dev/null 2>&1 || need_apt+=(xdotool)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài gói hệ thống: ${need_apt[*]}"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "Cảnh báo: thiếu ${need_apt[*]}; các bài kiểm tra cần LibreOffice sẽ bị bỏ qua." >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,addin]"
