#!/usr/bin/env bash
# Installs the dependencies (as root), builds modvirt with warnings as errors,
# runs the whole test suite and prints 'N passed, N failed, N skipped' last.
#   scripts/test.sh           the normal build, in build/
#   scripts/test.sh --asan    AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."

builddir=build
setup_opts=(-Dwerror=true)
if [ "${1:-}" = "--asan" ]; then
    builddir=build-asan
    setup_opts+=(-Db_sanitize=address,undefined -Db_lundef=false)
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi

if [ "$(id -u)" -eq 0 ]; then
    scripts/deps.sh
fi

if [ -d "$builddir" ]; then
    meson setup --reconfigure "$builddir" "${setup_opts[@]}" >/dev/null
else
    meson setup "$builddir" "${setup_opts[@]}" >/dev/null
fi
ninja -C "$builddir"

status=0
meson test -C "$builddir" --print-errorlogs --num-processes 2 || status=$?
python3 scripts/tap-summary.py "$builddir/meson-logs/testlog.json" | tail -n 1 > "$builddir/summary.txt" || true
cat "$builddir/summary.txt"
exit $status
