#!/bin/sh
# Debian's virsh against modvirt-qemud and modvirt-networkd through ?socket= URIs (TAP).
virsh=$(command -v virsh)
if [ -z "$virsh" ]; then
    echo "1..0 # SKIP virsh is not installed (Debian package libvirt-clients)"
    exit 0
fi
. "${MODVIRT_SRCDIR:?}/tests/compat/daemons.sh"

# run URI ARGS...: virsh's stdout in $root/out, stderr in $root/err, exit code in $rc.
run() {
    uri=$1
    shift
    timeout 20 "$virsh" -c "$uri" "$@" >"$root/out" 2>"$root/err"
    rc=$?
}

start_daemon qemud || { echo "Bail out! modvirt-qemud did not start"; exit 1; }
qemu="qemu+unix:///system?socket=$(sock qemud-sock)"
qemu_ro="qemu+unix:///system?socket=$(sock qemud-sock-ro)"

run "$qemu" version --daemon
check $rc "virsh version exits 0"
grep -qx "Using API: QEMU 9.0.0" "$root/out"
check $? "version: the connection's type is QEMU"
grep -q "^Running hypervisor: QEMU [0-9]" "$root/out"
check $? "version: the hypervisor version is QEMU's"
grep -qx "Running against daemon: 9.0.0" "$root/out"
check $? "version --daemon: the libvirt version modvirt speaks"

run "$qemu" hostname
check $rc "virsh hostname exits 0"
test "$(head -n 1 "$root/out")" = "$(uname -n)"
check $? "hostname is the host's"

run "$qemu" uri
test $rc = 0 && test "$(head -n 1 "$root/out")" = "$qemu"
check $? "virsh uri prints the URI connected to"

run "$qemu" nodeinfo
check $rc "virsh nodeinfo exits 0"
grep -qx "CPU model: *$(uname -m)" "$root/out"
check $? "nodeinfo: CPU model is the machine type"
grep -qx "CPU(s): *$(getconf _NPROCESSORS_ONLN)" "$root/out"
check $? "nodeinfo: CPU count is the online CPUs"
mem=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
grep -qx "Memory size: *$mem KiB" "$root/out"
check $? "nodeinfo: memory is MemTotal"

# The QEMU driver's own calls are in test-virsh-qemu.sh.
run "$qemu" list --all
test $rc = 0 && grep -q "^ Id   Name   State" "$root/out"
check $? "virsh list --all on a fresh daemon: the empty table"

run "$qemu_ro" hostname
test $rc = 0 && test "$(head -n 1 "$root/out")" = "$(uname -n)"
check $? "read-only socket: hostname works"
run "$qemu_ro" nodeinfo
check $rc "read-only socket: nodeinfo works"
echo "<domain type='kvm'><name>ro</name></domain>" >"$root/ro.xml"
timeout 20 "$virsh" -r -c "$qemu" define "$root/ro.xml" >/dev/null 2>"$root/err"
test $? = 1 && grep -q "operation forbidden" "$root/err"
check $? "virsh -r: define is forbidden"
# Without the client's own -r, the daemon's read-only socket refuses it.
timeout 20 "$virsh" -c "$qemu_ro" define "$root/ro.xml" >/dev/null 2>"$root/err"
test $? = 1 && grep -q "operation forbidden: read only access prevents virDomainDefineXML" "$root/err"
check $? "read-only socket: the daemon refuses define"

run "qemu+unix:///session?socket=$(sock qemud-sock)" hostname
test $rc = 1 && grep -q "unexpected QEMU URI path '/session', try qemu:///system" "$root/err"
check $? "a session URI on the system daemon is refused with a hint"

if start_daemon networkd; then
    network="network+unix:///system?socket=$(sock networkd-sock)"
    run "$network" version
    test $rc = 0 && grep -qx "Using API: network 9.0.0" "$root/out"
    check $? "networkd: virsh version says network"
    run "$network" hostname
    test $rc = 0 && test "$(head -n 1 "$root/out")" = "$(uname -n)"
    check $? "networkd: virsh hostname"
    run "$network" uri
    test $rc = 0 && test "$(head -n 1 "$root/out")" = "$network"
    check $? "networkd: virsh uri"
else
    n=$((n + 1))
    echo "ok $n # SKIP modvirt-networkd is not built or did not start"
fi

finish
