#!/bin/bash
# build.sh [BUILD_DIR [CMAKE_OPTION]...] - configure and build (default:
# build/, warnings as errors).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift || true
cmake -S "$top" -B "$dir" -DSP_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
