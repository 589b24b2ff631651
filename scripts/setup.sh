#!/usr/bin/env bash
# Sets docparse up on a fresh Debian/Ubuntu machine: system packages (Tesseract with
# Korean, Nanum fonts), a virtual environment in .venv, docparse installed in it.
#   bash scripts/setup.sh          # the tool
#   bash scripts/setup.sh --dev    # plus every extra (vlm, ...) and the test tools
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng fonts-nanum python3-venv)
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  # torch 2.14.1 / torchvision 0.29.1: the pair that imports together (see README). Their
  # CUDA wheels take about 5.5 GB in the venv: not cached a second time in ~/.cache/pip.
  .venv/bin/python -m pip install -q --no-cache-dir "torch==2.14.1" "torchvision==0.29.1"
  .venv/bin/python -m pip install -q -e ".[dev,vlm,langchain,llamaindex,ray]"
else
  .venv/bin/python -m pip install -q -e .
fi
echo "docparse is installed in .venv: .venv/bin/docparse --help"
