# Sourced by bench/start-time.sh and bench/memory.sh: modvirt-qemud under a temporary --root and Debian's libvirtd in session mode, both as nobody, the guest assets and the guest XML.
# Needs $src and $build. Every process started here is stopped by pid; every wait is bounded.

if [ "$(id -u)" != 0 ]; then
    echo "run as root: the daemons run as nobody under a temporary directory" >&2
    exit 1
fi
if ! /usr/bin/python3 -c 'import libvirt' 2>/dev/null; then
    echo "python3-libvirt is not installed (apt-get install python3-libvirt): it is the benchmarks' client" >&2
    exit 1
fi

qemud_bin="$build/daemons/modvirt-qemud"
libvirtd=/usr/sbin/libvirtd
helper="$src/bench/qemu-bench.py"

tmp=$(mktemp -d /tmp/mv-qbench.XXXXXX) || exit 1
chmod 0755 "$tmp"
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

wait_sock() {
    i=0
    while [ ! -S "$1" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    [ -S "$1" ]
}

rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}

# The summed RSS (kB) of the QEMUs running as nobody: the guests of the one
# daemon under test.
qemu_rss_kb() {
    total=0
    for p in $(pgrep -u nobody -f qemu-system-x86_64); do
        total=$((total + $(rss_kb "$p")))
    done
    echo "$total"
}

machine_info() {
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) online; memory $(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)"
    echo "- kernel $(uname -r); $(. /etc/os-release && echo "$PRETTY_NAME"); QEMU $(dpkg-query -W -f '${Version}' qemu-system-x86 2>/dev/null)"
    echo "- modvirt build: $build ($(meson introspect --buildoptions "$build" 2>/dev/null |
        python3 -c 'import json,sys; o={x["name"]: x["value"] for x in json.load(sys.stdin)}; print("buildtype=%s b_sanitize=%s" % (o["buildtype"], o["b_sanitize"]))' 2>/dev/null))"
    echo "- libvirt-daemon: $(dpkg-query -W -f '${Version}' libvirt-daemon 2>/dev/null || echo none)"
    echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# A command prefix: what follows runs as nobody with a home in $tmp (exec'd,
# so that $! after "$as_nobody cmd &" is cmd's pid).
as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config XDG_CACHE_HOME=$tmp/home/.cache XDG_RUNTIME_DIR=$tmp/home/run"

# The busybox guest of the end-to-end tests, readable by nobody; its XML
# template in $tmp/guest.xml (@LOGS@: the serial logs' dir).
prepare_guest() {
    mkdir -p "$tmp/assets" "$tmp/home/.config" "$tmp/home/.cache" "$tmp/home/run"
    MODVIRT_BUILDDIR="$build" "$src/tests/qemu/assets/build-guest.sh" "$tmp/assets" >/dev/null ||
        { echo "cannot build the guest assets (needs busybox-static, linux-image-amd64)" >&2; exit 1; }
    chmod 0700 "$tmp/home/run"
    chown -R nobody:nogroup "$tmp/home"
    chmod 0755 "$tmp/assets"
    # $1 MiB of memory (Debian's kernel needs more than 64 to boot);
    # no_timer_check: a vCPU starved by 20 guests on 2 CPUs otherwise fails
    # the kernel's IO-APIC timer check and panics. NAME is replaced by each
    # guest's name.
    cat >"$tmp/guest.xml" <<XML
<domain type='qemu'>
  <name>NAME</name>
  <memory unit='MiB'>${1:-128}</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$tmp/assets/vmlinuz</kernel>
    <initrd>$tmp/assets/initramfs.img</initrd>
    <cmdline>console=ttyS0 no_timer_check</cmdline>
  </os>
  <devices>
    <serial type='file'>
      <source path='@LOGS@/NAME.log'/>
      <target port='0'/>
    </serial>
  </devices>
</domain>
XML
}

# guest_xml TAG: $tmp/guest-TAG.xml, its serial logs in $tmp/logs-TAG.
guest_xml() {
    mkdir -p "$tmp/logs-$1"
    chown nobody:nogroup "$tmp/logs-$1"
    sed "s|@LOGS@|$tmp/logs-$1|" "$tmp/guest.xml" >"$tmp/guest-$1.xml"
}

# Kills every QEMU left running as nobody, by pid (in the benchmark's own
# pid namespace these are only its guests).
kill_guests() {
    for p in $(pgrep -u nobody -f qemu-system-x86_64); do
        stop_pid "$p"
    done
}

# start_qemud: modvirt-qemud --root $tmp/modvirt as nobody; sets qemud_pid, qemud_uri.
start_qemud() {
    mkdir -p "$tmp/modvirt"
    chown nobody:nogroup "$tmp/modvirt"
    $as_nobody "$qemud_bin" --root "$tmp/modvirt" 2>"$tmp/qemud.stderr" &
    qemud_pid=$!
    pids="$pids $qemud_pid"
    wait_sock "$tmp/modvirt/run/modvirt/qemud-sock" ||
        { echo "modvirt-qemud did not start:"; cat "$tmp/qemud.stderr"; exit 1; }
    qemud_uri="qemu+unix:///system?socket=$tmp/modvirt/run/modvirt/qemud-sock"
}

# start_libvirtd: Debian's libvirtd, session mode as nobody, every path in
# $tmp/home; sets libvirtd_pid, libvirtd_uri (empty when not installed).
start_libvirtd() {
    libvirtd_uri=""
    [ -x "$libvirtd" ] || return 1
    mkdir -p "$tmp/lvsock"
    printf 'unix_sock_dir = "%s"\nlog_outputs = "3:stderr"\n' "$tmp/lvsock" >"$tmp/libvirtd.conf"
    chown nobody:nogroup "$tmp/lvsock" "$tmp/libvirtd.conf"
    $as_nobody "$libvirtd" --config "$tmp/libvirtd.conf" 2>"$tmp/libvirtd.stderr" &
    libvirtd_pid=$!
    pids="$pids $libvirtd_pid"
    wait_sock "$tmp/lvsock/libvirt-sock" ||
        { echo "libvirtd did not start:"; sed 's/^/  /' "$tmp/libvirtd.stderr"; return 1; }
    libvirtd_uri="qemu+unix:///session?socket=$tmp/lvsock/libvirt-sock"
}

# booted TAG COUNT: waits up to 600 s for COUNT serial logs with the marker.
booted() {
    i=0
    while [ $i -lt 600 ]; do
        n=$(grep -l MODVIRT-GUEST-BOOTED "$tmp/logs-$1"/*.log 2>/dev/null | wc -l)
        [ "$n" -ge "$2" ] && return 0
        sleep 1
        i=$((i + 1))
    done
    echo "only $n of $2 guests printed MODVIRT-GUEST-BOOTED" >&2
    return 1
}
