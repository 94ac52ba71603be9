#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine: system packages only where missing, the venv,
# the package. Called by `make run` and `make test`; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v tesseract >/dev/null || need+=(tesseract-ocr)
if ! tesseract --list-langs 2>/dev/null | grep -qx vie; then need+=(tesseract-ocr-vie); fi
if ! tesseract --list-langs 2>/dev/null | grep -qx Vietnamese; then need+=(tesseract-ocr-script-viet); fi
if ! tesseract --list-langs 2>/dev/null | grep -qx osd; then need+=(tesseract-ocr-osd); fi
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
[ -e /usr/lib/x86_64-linux-gnu/libmagic.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libmagic.so.1 ] || need+=(libmagic1)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ -d /usr/share/fonts/truetype/noto ] || need+=(fonts-noto-core)
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.donthu-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e '.[dev]'
  touch "$stamp"
fi
