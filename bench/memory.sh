#!/bin/sh
# modvirt-qemud's memory (VmRSS): idle, with 1000 defined guests, with 20 running guests (booted for real: TCG, busybox initramfs); the same for Debian's libvirtd 9.0 when installed. Both run as nobody under a temporary directory, one after the other.
# Usage: bench/memory.sh [BUILDDIR]   (default build-dc; DEFINED=1000 RUNNING=20 override)
# As root it re-runs itself in new network, pid and mount namespaces: every
# process it starts dies with it.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build-dc}" && pwd) || exit 1
defined=${DEFINED:-1000}
running=${RUNNING:-20}

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

# measure NAME TAG PID URI: the three phases; one table row.
measure() {
    name=$1 tag=$2 pid=$3 uri=$4
    guest_xml "$tag"
    sleep 2
    idle=$(rss_kb "$pid")
    echo "\$ qemu-bench.py define $uri guest.xml $defined"
    $as_nobody timeout 900 "$helper" define "$uri" "$tmp/guest-$tag.xml" "$defined" || return 1
    sleep 2
    with_defined=$(rss_kb "$pid")
    echo "\$ qemu-bench.py start $uri $running"
    $as_nobody timeout 900 "$helper" start "$uri" "$running" || return 1
    t0=$(date +%s)
    booted "$tag" "$running" || return 1
    echo "all $running guests printed MODVIRT-GUEST-BOOTED $(( $(date +%s) - t0 )) s after the last start returned"
    sleep 2
    with_running=$(rss_kb "$pid")
    guests=$(qemu_rss_kb)
    echo "| $name | $idle kB | $with_defined kB | $with_running kB | $((guests / running)) kB |" >>"$tmp/table"
    $as_nobody timeout 900 "$helper" cleanup "$uri"
}

echo "| daemon | idle | $defined defined | $running running | RSS of one guest's QEMU (mean) |" >"$tmp/table"
echo "|---|---|---|---|---|" >>"$tmp/table"

echo "## modvirt-qemud"
start_qemud
measure modvirt-qemud modvirt "$qemud_pid" "$qemud_uri" || { echo FAILED; tail -n 20 "$tmp/qemud.stderr"; }
stop_pid "$qemud_pid"
kill_guests

echo
echo "## Debian's libvirtd"
if start_libvirtd; then
    measure "libvirtd 9.0 (session)" libvirt "$libvirtd_pid" "$libvirtd_uri" ||
        { echo FAILED; tail -n 20 "$tmp/libvirtd.stderr"; }
    stop_pid "$libvirtd_pid"
    kill_guests
else
    echo "skipped: $libvirtd is not installed or did not start"
fi

echo
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "## Results (VmRSS)"
cat "$tmp/table"
