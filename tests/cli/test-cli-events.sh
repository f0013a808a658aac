#!/bin/sh
# The modvirt CLI's event and net-event against real daemons (qemud, networkd in namespaces), each output compared with Debian's virsh's (TAP).
# Every wait is bounded; only the daemons and tools started here are stopped, by pid.
builddir="${MODVIRT_BUILDDIR:?}"
modvirt="$builddir/tools/modvirt"
virsh=$(command -v virsh)

if [ -z "$MV_CLI_EVENTS_IN_NS" ]; then
    # networkd makes bridges and nft tables: only inside namespaces of
    # its own, which die with the test, so the host is never touched.
    [ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root for network namespaces"; exit 0; }
    [ -n "$virsh" ] || { echo "1..0 # SKIP Debian's virsh is not installed"; exit 0; }
    command -v unshare >/dev/null || { echo "1..0 # SKIP unshare is not installed"; exit 0; }
    unshare -n -p -m --fork --mount-proc true 2>/dev/null ||
        { echo "1..0 # SKIP cannot create network, pid and mount namespaces"; exit 0; }
    MV_CLI_EVENTS_IN_NS=1 exec unshare -n -p -m --fork --mount-proc /bin/sh "$0" "$@"
fi

# Debug logs let the test see a registration arrive instead of sleeping.
daemon_env="MODVIRT_LOG_LEVEL=1"
daemon_timeout=60
. "${MODVIRT_SRCDIR:?}/tests/compat/daemons.sh"

# wait_count FILE PATTERN N: up to 10 s for N lines of FILE matching PATTERN.
wait_count() {
    i=0
    while [ "$(grep -c "$2" "$1")" -lt "$3" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ "$(grep -c "$2" "$1")" -ge "$3" ]
}

# watch NAME LOG PATTERN ACTIONS TOOL ARGS...: runs TOOL ARGS in the
# background into $root/NAME.out, waits for its registration (one more
# LOG line matching PATTERN), runs the shell function ACTIONS, then waits
# (bounded) for TOOL to end at its own --timeout. Sets $rc.
watch() {
    name=$1 log=$2 pattern=$3 actions=$4
    shift 4
    before=$(grep -c "$pattern" "$log")
    "$@" >"$root/$name.out" 2>"$root/$name.err" &
    tool_pid=$!
    if ! wait_count "$log" "$pattern" $((before + 1)); then
        echo "# $name: no registration seen"
        stop_pid $tool_pid
        rc=255
        return
    fi
    $actions
    i=0
    while kill -0 $tool_pid 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    kill -0 $tool_pid 2>/dev/null && { echo "# $name: still running, killed"; stop_pid $tool_pid; }
    wait $tool_pid
    rc=$?
}

same_as_virsh() {
    if cmp -s "$root/$1-modvirt.out" "$root/$1-virsh.out" &&
        cmp -s "$root/$1-modvirt.err" "$root/$1-virsh.err"; then
        return 0
    fi
    diff "$root/$1-virsh.out" "$root/$1-modvirt.out" | sed 's/^/# /'
    diff "$root/$1-virsh.err" "$root/$1-modvirt.err" | sed 's/^/# /'
    return 1
}

# ---- net-event against networkd ----
start_daemon networkd || { echo "Bail out! modvirt-networkd did not start"; exit 1; }
net_uri="network+unix:///system?socket=$root/run/modvirt/networkd-sock"
cat >"$root/ev1.xml" <<XML
<network>
  <name>ev1</name>
  <bridge name='mvev0'/>
</network>
XML

net_lifecycle() {
    "$modvirt" -q -c "$net_uri" "net-define $root/ev1.xml; net-start ev1; net-destroy ev1; net-undefine ev1" \
        >"$root/actions.out" 2>&1 || sed 's/^/# /' "$root/actions.out"
}

cat >"$root/net-event.expected" <<'OUT'
event 'lifecycle' for network ev1: Defined
event 'lifecycle' for network ev1: Started
event 'lifecycle' for network ev1: Stopped
event 'lifecycle' for network ev1: Undefined
event loop timed out
events received: 4

OUT

for tool in modvirt virsh; do
    if [ $tool = modvirt ]; then t=$modvirt; else t=$virsh; fi
    watch "net-event-$tool" "$root/networkd.stderr" "network event 0 registered as callback" \
        net_lifecycle "$t" -c "$net_uri" net-event --event lifecycle --loop --timeout 5
    [ "$rc" = 0 ] && cmp -s "$root/net-event-$tool.out" "$root/net-event.expected"
    check $? "$tool net-event --loop: defined, started, stopped, undefined (exit $rc)"
done
same_as_virsh net-event
check $? "modvirt net-event prints what virsh net-event prints"

# One-shot, filtered by network: the first event of ev1 only.
net_define_other() {
    "$modvirt" -q -c "$net_uri" "net-define $root/other.xml; net-start ev1; net-destroy ev1" \
        >"$root/actions.out" 2>&1 || sed 's/^/# /' "$root/actions.out"
}
"$modvirt" -q -c "$net_uri" "net-define $root/ev1.xml" >/dev/null 2>&1
sed 's/ev1/other/; s/mvev0/mvev1/' "$root/ev1.xml" >"$root/other.xml"
for tool in modvirt virsh; do
    if [ $tool = modvirt ]; then t=$modvirt; else t=$virsh; fi
    watch "net-event-one-$tool" "$root/networkd.stderr" "network event 0 registered as callback" \
        net_define_other "$t" -c "$net_uri" net-event --network ev1 --event lifecycle --timeout 5
    [ "$rc" = 0 ] && [ "$(cat "$root/net-event-one-$tool.out")" = "event 'lifecycle' for network ev1: Started
events received: 1" ]
    ok=$?
    [ $ok = 0 ] || sed 's/^/# /' "$root/net-event-one-$tool.out" "$root/net-event-one-$tool.err"
    check $ok "$tool net-event --network ev1: one event, of ev1 (exit $rc)"
    "$modvirt" -q -c "$net_uri" "net-undefine other" >/dev/null 2>&1
done
same_as_virsh net-event-one
check $? "modvirt net-event --network prints what virsh prints"

# ---- event against qemud ----
start_daemon qemud || { echo "Bail out! modvirt-qemud did not start"; exit 1; }
qemu_uri="qemu+unix:///system?socket=$root/run/modvirt/qemud-sock"
cat >"$root/evd.xml" <<XML
<domain type='qemu'>
  <name>evd</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
</domain>
XML

dom_lifecycle() {
    "$modvirt" -q -c "$qemu_uri" "define $root/evd.xml; undefine evd" >"$root/actions.out" 2>&1 ||
        sed 's/^/# /' "$root/actions.out"
}

cat >"$root/event.expected" <<'OUT'
event 'lifecycle' for domain 'evd': Defined Added
event 'lifecycle' for domain 'evd': Undefined Removed
event loop timed out
events received: 2

OUT

for tool in modvirt virsh; do
    if [ $tool = modvirt ]; then t=$modvirt; else t=$virsh; fi
    watch "event-$tool" "$root/qemud.stderr" "domain event 0 registered as callback" \
        dom_lifecycle "$t" -c "$qemu_uri" event --all --loop --timeout 5
    [ "$rc" = 0 ] && cmp -s "$root/event-$tool.out" "$root/event.expected"
    check $? "$tool event --all --loop: defined, undefined (exit $rc)"
done
same_as_virsh event
check $? "modvirt event prints what virsh event prints"

# The daemons end cleanly, with no sanitizer report (in ASan/UBSan builds).
for p in $pids; do
    kill -TERM "$p" 2>/dev/null
    i=0
    while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -0 "$p" 2>/dev/null && stop_pid "$p"
    wait "$p"
    check $? "daemon pid $p exits 0 on SIGTERM"
done
pids=""
! grep -l "runtime error\|Sanitizer" "$root"/*.stderr
check $? "no sanitizer report in the daemons' stderr"

finish
