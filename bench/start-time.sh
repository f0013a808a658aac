#!/bin/sh
# Time from virDomainCreate to the guest running, for the same diskless TCG guest XML, through modvirt-qemud and (when installed) Debian's libvirtd 9.0, both as nobody under a temporary directory.
# Usage: bench/start-time.sh [BUILDDIR]   (default build-dc; RUNS=20 overrides)
# As root it re-runs itself in new network, pid and mount namespaces: every
# process it starts dies with it.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build-dc}" && pwd) || exit 1
runs=${RUNS:-20}

if [ -z "${MV_BENCH_IN_NS:-}" ] && unshare -n -p -m --fork --mount-proc true 2>/dev/null; then
    # pid 1 of the namespace only waits, so that it reaps the QEMUs that
    # libvirtd daemonizes (a zombie QEMU would stall libvirtd's destroy).
    MV_BENCH_IN_NS=1 exec unshare -n -p -m --fork --mount-proc /bin/sh -c '/bin/sh "$0" "$1" & wait' "$0" "$build"
fi
[ -n "${MV_BENCH_IN_NS:-}" ] && ip link set lo up 2>/dev/null
. "$src/bench/qemu-daemons.sh"

echo "## Machine"
machine_info
echo "- namespaces: ${MV_BENCH_IN_NS:+own network, pid and mount namespaces}"
echo
prepare_guest 128
guest_xml start
echo "## Guest XML (NAME = bench-start)"
sed 's/^/    /' "$tmp/guest-start.xml"
echo

echo "## modvirt-qemud"
start_qemud
echo "\$ qemu-bench.py start-time $qemud_uri guest.xml $runs"
mv=$($as_nobody timeout 900 "$helper" start-time "$qemud_uri" "$tmp/guest-start.xml" "$runs") ||
    { echo "FAILED"; cat "$tmp/qemud.stderr"; exit 1; }
echo "$mv"
stop_pid "$qemud_pid"
kill_guests

echo
echo "## Debian's libvirtd"
if start_libvirtd; then
    echo "\$ qemu-bench.py start-time $libvirtd_uri guest.xml $runs"
    lv=$($as_nobody timeout 900 "$helper" start-time "$libvirtd_uri" "$tmp/guest-start.xml" "$runs") ||
        { echo "FAILED"; sed 's/^/  /' "$tmp/libvirtd.stderr"; lv=""; }
    echo "$lv"
    stop_pid "$libvirtd_pid"
else
    echo "skipped: $libvirtd is not installed or did not start (apt-get install --no-install-recommends libvirt-daemon libvirt-daemon-driver-qemu)"
fi
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
