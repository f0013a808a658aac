#!/usr/bin/env bash
# Quick start: build modvirt, start every daemon below a temp --root, show each answering on its sockets, stop them.
set -euo pipefail

usage() {
    cat <<USAGE
Usage: scripts/quickstart.sh [--keep] [--builddir DIR]

Builds modvirt (installing its build dependencies first when run as root),
starts every daemon with --root in a new temporary directory, checks that
each one answers on its read-write and read-only sockets, lists the
sockets, and stops the daemons again.

  --keep          leave the daemons running and print how to stop them
  --builddir DIR  build in DIR instead of ./build
USAGE
}

keep=false
srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
builddir="$srcdir/build"
daemons=(qemud xend lxcd networkd nodedevd proxyd)
start_timeout=10    # seconds each daemon may take to answer
stop_timeout=10     # seconds each daemon may take to exit after SIGTERM

while [ $# -gt 0 ]; do
    case "$1" in
        --keep) keep=true ;;
        --builddir) builddir=$(realpath -m "${2:?--builddir needs a directory}"); shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "quickstart.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

step() { printf '\n==> %s\n' "$*"; }

if [ "$(id -u)" -eq 0 ]; then
    step "Installing build dependencies (scripts/deps.sh)"
    bash "$srcdir/scripts/deps.sh"
fi

step "Building in $builddir"
if [ ! -f "$builddir/build.ninja" ]; then
    meson setup "$builddir" "$srcdir"
fi
ninja -C "$builddir"

# Connects to a unix socket: the daemons answer any connection, so a
# successful connect is the proof that one is listening.
answers() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(2)
try:
    s.connect(sys.argv[1])
except OSError:
    sys.exit(1)
PY
}

root=$(mktemp -d "${TMPDIR:-/tmp}/modvirt-quickstart-XXXXXX")
declare -A pids=()

stop_all() {
    for d in "${!pids[@]}"; do
        kill -TERM "${pids[$d]}" 2>/dev/null || true
    done
    for d in "${!pids[@]}"; do
        for _ in $(seq $((stop_timeout * 10))); do
            kill -0 "${pids[$d]}" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "${pids[$d]}" 2>/dev/null; then
            echo "modvirt-$d (pid ${pids[$d]}) did not stop in ${stop_timeout}s: SIGKILL" >&2
            kill -KILL "${pids[$d]}" 2>/dev/null || true
        fi
    done
    pids=()
}

cleanup() {
    stop_all
    rm -rf "$root"
}

on_error() {
    echo "quickstart.sh: failed; daemon logs follow" >&2
    for log in "$root"/*.log; do
        [ -f "$log" ] && { echo "--- $log" >&2; cat "$log" >&2; }
    done
    cleanup
}
trap on_error ERR
trap 'cleanup; exit 130' INT TERM

step "Starting every daemon with --root $root"
for d in "${daemons[@]}"; do
    # A daemon with a driver library of its own is built in its own folder.
    binary="$builddir/daemons/$d/modvirt-$d"
    [ -x "$binary" ] || binary="$builddir/daemons/modvirt-$d"
    "$binary" --root "$root" --verbose 2>"$root/$d.log" &
    pids[$d]=$!
done

for d in "${daemons[@]}"; do
    for kind in sock sock-ro; do
        sock="$root/run/modvirt/$d-$kind"
        ok=false
        for _ in $(seq $((start_timeout * 10))); do
            if answers "$sock"; then ok=true; break; fi
            kill -0 "${pids[$d]}" 2>/dev/null || break
            sleep 0.1
        done
        if ! $ok; then
            echo "modvirt-$d did not answer on $sock" >&2
            false
        fi
        printf '  %-18s answers on %s\n' "modvirt-$d" "$sock"
    done
done

step "Sockets"
ls -l "$root/run/modvirt/"

step "Booting a guest through modvirt-qemud"
assets="$builddir/tests/guest-assets"
bash "$srcdir/tests/qemu/assets/build-guest.sh" "$assets" >/dev/null
# KVM when the CPU has hardware virtualization (PVM's /dev/kvm crawls),
# else QEMU's TCG; both boot the test kernel in seconds.
virt=qemu
if grep -qwE 'vmx|svm' /proc/cpuinfo && [ ! -e /sys/module/kvm_pvm ] && [ -w /dev/kvm ]; then
    virt=kvm
fi
serial_log="$root/guest-serial.log"
cat >"$root/quickstart-guest.xml" <<XML
<domain type='$virt'>
  <name>quickstart</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>$assets/vmlinuz</kernel>
    <initrd>$assets/initramfs.img</initrd>
    <cmdline>console=ttyS0</cmdline>
  </os>
  <devices>
    <serial type='file'>
      <source path='$serial_log'/>
      <target port='0'/>
    </serial>
  </devices>
</domain>
XML
cli=("$builddir/tools/modvirt" -c "qemu+unix:///system?socket=$root/run/modvirt/qemud-sock")
"${cli[@]}" define "$root/quickstart-guest.xml"
"${cli[@]}" start quickstart
booted=false
for _ in $(seq 1200); do
    if grep -q MODVIRT-GUEST-BOOTED "$serial_log" 2>/dev/null; then booted=true; break; fi
    sleep 0.1
done
"${cli[@]}" list --all
if $booted; then
    echo "  the guest's serial console says:"
    grep -A1 MODVIRT-GUEST-BOOTED "$serial_log" | sed 's/^/    /'
else
    echo "the guest did not print its boot marker within 120 s; its serial log:" >&2
    cat "$serial_log" >&2 || true
fi
if ! $keep; then
    "${cli[@]}" destroy quickstart
    "${cli[@]}" undefine quickstart
fi
$booted

if $keep; then
    trap - ERR INT TERM
    step "The daemons keep running"
    echo "The guest 'quickstart' is running. Try:"
    echo "  $builddir/tools/modvirt -c 'qemu+unix:///system?socket=$root/run/modvirt/qemud-sock' dominfo quickstart"
    echo "Point clients at them with:  export MODVIRT_ROOT=$root"
    echo "Stop them with:              kill ${pids[*]} && rm -rf $root"
    exit 0
fi

step "Stopping the daemons (SIGTERM)"
trap - ERR
stop_all
leftover=$(find "$root/run/modvirt" -type s 2>/dev/null | wc -l)
echo "  all stopped; sockets left behind: $leftover"
rm -rf "$root"
[ "$leftover" -eq 0 ]
