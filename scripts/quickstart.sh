#!/usr/bin/env bash
# One command for a new user: install what is missing, build in Release, and run the quickstart
# pipeline (shipped iris data, two candidate models, stratified 5-fold, SQLite study storage).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DAMS_BUILD_TESTS=OFF
cmake --build build -j"$(nproc)"
# --overwrite: running the quickstart again starts a fresh study instead of refusing.
./build/bin/amhost examples/quickstart/pipeline.toml --overwrite "$@"
