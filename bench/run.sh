#!/bin/sh
# Runs every benchmark of bench/README.md: modvirt's daemons under a temporary --root, and Debian's libvirtd (when installed) in session mode under a temporary home, in the same run.
# Usage: bench/run.sh [BUILDDIR]   (default build-b1; CALLS=20000 THREADS=8 override)
# As root it re-runs itself in new network, pid and mount namespaces, so no
# daemon here can touch the host's network; every process it starts is
# stopped by pid.
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build-b1}" && pwd) || exit 1
calls=${CALLS:-20000}
threads=${THREADS:-8}
bench="$build/bench/rpc-bench"
libmodvirt="$build/lib/client/libmodvirt.so"
libvirt=/usr/lib/x86_64-linux-gnu/libvirt.so.0
libvirtd=/usr/sbin/libvirtd

if [ "$(id -u)" = 0 ] && [ -z "${MV_BENCH_IN_NS:-}" ] &&
    unshare -n -p -m --fork --mount-proc true 2>/dev/null; then
    MV_BENCH_IN_NS=1 exec unshare -n -p -m --fork --mount-proc /bin/sh "$0" "$build"
fi
[ -n "${MV_BENCH_IN_NS:-}" ] && ip link set lo up 2>/dev/null

tmp=$(mktemp -d /tmp/mv-bench.XXXXXX) || exit 1
chmod 0755 "$tmp"
root="$tmp/modvirt"
pids=""

stop_pid() {
    kill -TERM "$1" 2>/dev/null || return 0
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
cleanup() {
    for p in $pids; do stop_pid "$p"; done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# wait_sock PATH: up to 20 s.
wait_sock() {
    i=0
    while [ ! -S "$1" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    [ -S "$1" ]
}

rss() {
    awk '/^VmRSS:/ { print $2 " kB" }' "/proc/$1/status" 2>/dev/null
}

# run LABEL CMD...: one measurement, bounded, echoed with its command.
run() {
    label=$1
    shift
    echo "\$ $*"
    out=$(timeout 600 "$@" 2>"$tmp/err") || { echo "FAILED: $label"; sed 's/^/  /' "$tmp/err"; return; }
    echo "$out"
    echo "| $label | $(echo "$out" | sed 's/calls=\([0-9]*\) threads=\([0-9]*\) conns=\([0-9]*\) median_us=\([0-9.]*\) p99_us=\([0-9.]*\) calls_per_s=\([0-9]*\)/\2 | \3 | \4 | \5 | \6/') |" >>"$tmp/table"
}

echo "## Machine"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) online"
echo "- memory: $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"
echo "- kernel: $(uname -r); $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "- compiler: $(cc --version | head -n 1)"
echo "- modvirt build: $build ($(meson introspect --buildoptions "$build" 2>/dev/null |
    python3 -c 'import json,sys; o={x["name"]: x["value"] for x in json.load(sys.stdin)}; print("buildtype=%s b_sanitize=%s" % (o["buildtype"], o["b_sanitize"]))' 2>/dev/null))"
echo "- libvirt: $(dpkg-query -W -f '${Version}' libvirt0 2>/dev/null || echo none) (client), $(dpkg-query -W -f '${Version}' libvirt-daemon 2>/dev/null || echo none) (libvirtd)"
echo "- namespaces: ${MV_BENCH_IN_NS:+own network, pid and mount namespaces}"
echo

echo "## modvirt daemons (--root $root)"
for d in networkd qemud nodedevd proxyd; do
    bin=$(find "$build/daemons" -type f -name "modvirt-$d" -perm -u+x | head -n 1)
    "$bin" --root "$root" 2>"$tmp/$d.stderr" &
    pid=$!
    pids="$pids $pid"
    eval "pid_$d=$pid"
    wait_sock "$root/run/modvirt/$d-sock" || { echo "modvirt-$d did not start:"; cat "$tmp/$d.stderr"; exit 1; }
done
sleep 2
echo "| daemon | idle VmRSS |" >"$tmp/rss"
echo "|---|---|" >>"$tmp/rss"
for d in networkd qemud nodedevd proxyd; do
    eval "pid=\$pid_$d"
    echo "| modvirt-$d | $(rss "$pid") |" >>"$tmp/rss"
done

net_sock="$root/run/modvirt/networkd-sock"
proxy_sock="$root/run/modvirt/proxyd-sock"
api_uri="network+unix:///system?socket=$net_sock"
proxy_uri="network+unix:///system?socket=$proxy_sock"

echo "| path | threads | connections | median µs | p99 µs | calls/s |" >"$tmp/table"
echo "|---|---|---|---|---|---|" >>"$tmp/table"
run "libmodvirt virConnectGetHostname → networkd" "$bench" --lib "$libmodvirt" --uri "$api_uri" --calls "$calls"
run "lib/rpc GET_LIB_VERSION → networkd" "$bench" --socket "$net_sock" --uri network:///system --calls "$calls"
run "libmodvirt → networkd" "$bench" --lib "$libmodvirt" --uri "$api_uri" --calls "$calls" --threads "$threads"
run "libmodvirt → networkd" "$bench" --lib "$libmodvirt" --uri "$api_uri" --calls "$calls" --threads "$threads" --shared
run "lib/rpc → networkd" "$bench" --socket "$net_sock" --uri network:///system --calls "$calls" --threads "$threads"
run "lib/rpc → networkd" "$bench" --socket "$net_sock" --uri network:///system --calls "$calls" --threads "$threads" --shared
run "libmodvirt → proxyd → networkd" "$bench" --lib "$libmodvirt" --uri "$proxy_uri" --calls "$calls"
run "lib/rpc → proxyd → networkd" "$bench" --socket "$proxy_sock" --uri network:///system --calls "$calls"
run "libmodvirt → proxyd → networkd" "$bench" --lib "$libmodvirt" --uri "$proxy_uri" --calls "$calls" --threads "$threads"
run "libmodvirt → proxyd → networkd" "$bench" --lib "$libmodvirt" --uri "$proxy_uri" --calls "$calls" --threads "$threads" --shared
run "lib/rpc → proxyd → networkd" "$bench" --socket "$proxy_sock" --uri network:///system --calls "$calls" --threads "$threads"
run "libvirt.so.0 virConnectGetHostname → modvirt-networkd" "$bench" --lib "$libvirt" --uri "$api_uri" --calls "$calls"
run "libvirt.so.0 → modvirt-networkd" "$bench" --lib "$libvirt" --uri "$api_uri" --calls "$calls" --threads "$threads"

echo
echo "## Debian's libvirtd"
if [ ! -x "$libvirtd" ] || [ ! -e "$libvirt" ]; then
    echo "skipped: $libvirtd or $libvirt is not installed (apt-get install --no-install-recommends libvirt-daemon)"
else
    # Session mode as nobody: every path below a home of its own in $tmp,
    # sockets in unix_sock_dir, no system dirs, no systemd.
    lv="$tmp/libvirtd"
    mkdir -p "$lv/home/.config" "$lv/home/.cache" "$lv/run" "$lv/sock"
    printf 'unix_sock_dir = "%s"\nlog_outputs = "3:stderr"\n' "$lv/sock" >"$lv/libvirtd.conf"
    chmod 0700 "$lv/run"
    chown -R nobody:nogroup "$lv"
    as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$lv/home XDG_CONFIG_HOME=$lv/home/.config XDG_CACHE_HOME=$lv/home/.cache XDG_RUNTIME_DIR=$lv/run"
    echo "\$ $as_nobody $libvirtd --config $lv/libvirtd.conf"
    $as_nobody "$libvirtd" --config "$lv/libvirtd.conf" 2>"$tmp/libvirtd.stderr" &
    lpid=$!
    pids="$pids $lpid"
    if ! wait_sock "$lv/sock/libvirt-sock"; then
        echo "libvirtd did not start:"
        sed 's/^/  /' "$tmp/libvirtd.stderr"
    else
        lv_uri="qemu+unix:///session?socket=$lv/sock/libvirt-sock"
        # libvirtd forks nothing before the first connection; its own pid.
        sleep 2
        echo "| libvirtd 9.0 (session, every driver in one process) | $(rss "$lpid") |" >>"$tmp/rss"
        run "libvirt.so.0 virConnectGetHostname → libvirtd" $as_nobody "$bench" --lib "$libvirt" --uri "$lv_uri" --calls "$calls"
        run "libvirt.so.0 virConnectGetLibVersion → libvirtd" $as_nobody "$bench" --lib "$libvirt" --uri "$lv_uri" --calls "$calls" --call libversion
        run "libvirt.so.0 → libvirtd" $as_nobody "$bench" --lib "$libvirt" --uri "$lv_uri" --calls "$calls" --threads "$threads"
        run "libvirt.so.0 → libvirtd" $as_nobody "$bench" --lib "$libvirt" --uri "$lv_uri" --calls "$calls" --threads "$threads" --shared
        run "libmodvirt virConnectGetHostname → libvirtd" $as_nobody "$bench" --lib "$libmodvirt" --uri "$lv_uri" --calls "$calls"
        run "libmodvirt → libvirtd" $as_nobody "$bench" --lib "$libmodvirt" --uri "$lv_uri" --calls "$calls" --threads "$threads"
        echo "libvirtd after the runs: VmRSS $(rss "$lpid")"
    fi
fi
for d in networkd qemud nodedevd proxyd; do
    eval "pid=\$pid_$d"
    echo "modvirt-$d after the runs: VmRSS $(rss "$pid")"
done

echo
echo "## Results"
cat "$tmp/table"
echo
cat "$tmp/rss"
