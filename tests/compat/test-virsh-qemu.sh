#!/bin/sh
# Debian's virsh against modvirt-qemud with a real TCG guest: define, list, dominfo, domstate, dumpxml, start, suspend, resume, destroy, undefine (TAP).
virsh=$(command -v virsh)
if [ -z "$virsh" ]; then
    echo "1..0 # SKIP virsh is not installed (Debian package libvirt-clients)"
    exit 0
fi
qemu_bin=$(command -v qemu-system-x86_64)
if [ -z "$qemu_bin" ]; then
    echo "1..0 # SKIP qemu-system-x86_64 is not installed (Debian package qemu-system-x86)"
    exit 0
fi
. "${MODVIRT_SRCDIR:?}/tests/compat/daemons.sh"

assets="${MODVIRT_BUILDDIR:?}/tests/guest-assets"
if ! "$MODVIRT_SRCDIR/tests/qemu/assets/build-guest.sh" "$assets" >/dev/null 2>"$root/assets.err"; then
    echo "1..0 # SKIP cannot build the guest assets: $(tail -n 1 "$root/assets.err")"
    exit 0
fi

# Every QEMU the daemon started is killed, by the pid its status file names.
kill_guests() {
    for f in "$root"/run/modvirt/qemu/*.xml; do
        [ -f "$f" ] || continue
        p=$(sed -n "s/^<domstatus .* pid='\([0-9]*\)'.*/\1/p" "$f")
        [ -n "$p" ] && kill -KILL "$p" 2>/dev/null
    done
}
trap 'kill_guests; cleanup' EXIT

run() {
    timeout 60 "$virsh" -c "$qemu" "$@" >"$root/out" 2>"$root/err"
    rc=$?
}

# wait_state STATE: domstate of tr1 becomes STATE within 60 s.
wait_state() {
    i=0
    while [ $i -lt 600 ]; do
        run domstate tr1 --reason
        [ "$(head -n 1 "$root/out")" = "$1" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

start_daemon qemud || { echo "Bail out! modvirt-qemud did not start"; exit 1; }
qemu="qemu+unix:///system?socket=$(sock qemud-sock)"

cat >"$root/tr1.xml" <<XML
<domain type='qemu'>
  <name>tr1</name>
  <uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>$assets/vmlinuz</kernel>
    <initrd>$assets/initramfs.img</initrd>
    <cmdline>console=ttyS0</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <serial type='file'><source path='$root/tr1-serial.log'/><target port='0'/></serial>
  </devices>
</domain>
XML

run define "$root/tr1.xml"
test $rc = 0 && grep -q "^Domain 'tr1' defined from " "$root/out"
check $? "virsh define"
test -f "$root/etc/modvirt/qemu/tr1.xml"
check $? "define: the config is in etc/modvirt/qemu/tr1.xml"

run list --all
test $rc = 0 && grep -Eq '^ -    tr1    shut off$' "$root/out"
check $? "list --all: tr1 shut off"

run dominfo tr1
test $rc = 0 && grep -qx 'State: *shut off' "$root/out" && grep -qx 'OS Type: *hvm' "$root/out" &&
    grep -qx 'Max memory: *262144 KiB' "$root/out" && grep -qx 'Persistent: *yes' "$root/out" &&
    grep -qx 'Autostart: *disable' "$root/out" && grep -qx 'Security model: *none' "$root/out"
check $? "dominfo: state, OS type, memory, persistent, autostart, security model"
[ $rc = 0 ] || sed 's/^/# /' "$root/out" "$root/err"

run domstate tr1 --reason
test $rc = 0 && test "$(head -n 1 "$root/out")" = "shut off (unknown)"
check $? "domstate: shut off (unknown)"

run dumpxml tr1
test $rc = 0 && grep -q "<domain type='qemu'>" "$root/out" &&
    grep -q "<type arch='x86_64' machine='pc-i440fx-" "$root/out" &&
    grep -q "<emulator>$qemu_bin</emulator>" "$root/out" && ! grep -q "<alias " "$root/out"
check $? "dumpxml of a shut off guest: machine and emulator filled in, no aliases"

run start tr1
test $rc = 0 && grep -qx "Domain 'tr1' started" "$root/out"
check $? "virsh start"
[ $rc = 0 ] || sed 's/^/# /' "$root/err"

run domstate tr1 --reason
test "$(head -n 1 "$root/out")" = "running (booted)"
check $? "domstate: running (booted)"

run list
grep -Eq '^ 1    tr1    running$' "$root/out"
check $? "list: tr1 running with id 1"

run dumpxml tr1
grep -q "<domain type='qemu' id='1'>" "$root/out" && grep -q "<alias name='serial0'/>" "$root/out"
check $? "dumpxml of a running guest: its id and the aliases"
run dumpxml --inactive tr1
! grep -q "<alias " "$root/out" && ! grep -q "<domain type='qemu' id=" "$root/out"
check $? "dumpxml --inactive: the persistent config"

i=0
while ! grep -aq MODVIRT-GUEST-BOOTED "$root/tr1-serial.log" 2>/dev/null && [ $i -lt 1800 ]; do
    sleep 0.1
    i=$((i + 1))
done
grep -aq MODVIRT-GUEST-BOOTED "$root/tr1-serial.log"
check $? "the guest boots: MODVIRT-GUEST-BOOTED on its serial console"

run suspend tr1
test $rc = 0 && grep -qx "Domain 'tr1' suspended" "$root/out"
check $? "virsh suspend"
run domstate tr1 --reason
test "$(head -n 1 "$root/out")" = "paused (user)"
check $? "domstate: paused (user)"

run resume tr1
test $rc = 0 && grep -qx "Domain 'tr1' resumed" "$root/out"
check $? "virsh resume"
run domstate tr1 --reason
test "$(head -n 1 "$root/out")" = "running (unpaused)"
check $? "domstate: running (unpaused)"

run destroy tr1
test $rc = 0 && grep -qx "Domain 'tr1' destroyed" "$root/out"
check $? "virsh destroy"
run domstate tr1 --reason
test "$(head -n 1 "$root/out")" = "shut off (destroyed)"
check $? "domstate: shut off (destroyed)"

run start tr1
wait_state "running (booted)"
check $? "started again"
i=0
while [ $i -lt 1800 ]; do
    [ "$(grep -ac MODVIRT-GUEST-BOOTED "$root/tr1-serial.log")" -ge 2 ] && break
    sleep 0.1
    i=$((i + 1))
done
run shutdown tr1
test $rc = 0 && grep -qx "Domain 'tr1' is being shutdown" "$root/out"
check $? "virsh shutdown"
# The guest's acpid may not listen yet when the first press comes.
for try in 1 2 3 4 5 6 7 8 9 10 11 12; do
    grep -aq MODVIRT-GUEST-POWER-BUTTON "$root/tr1-serial.log" && break
    sleep 5
    grep -aq MODVIRT-GUEST-POWER-BUTTON "$root/tr1-serial.log" || run shutdown tr1
done
wait_state "shut off (shutdown)"
check $? "the guest powers off on the ACPI button: shut off (shutdown)"

run undefine tr1
test $rc = 0 && grep -qx "Domain 'tr1' has been undefined" "$root/out"
check $? "virsh undefine"
run list --all
test $rc = 0 && ! grep -q tr1 "$root/out"
check $? "list --all: tr1 is gone"
! test -e "$root/etc/modvirt/qemu/tr1.xml"
check $? "undefine: the config file is gone"

run dominfo tr1
test $rc = 1 && grep -q "failed to get domain 'tr1'" "$root/err"
check $? "dominfo of an unknown guest: virsh's error"

echo "<domain type='qemu'><name>bad</name>" >"$root/bad.xml"
run define "$root/bad.xml"
test $rc = 1 && grep -q "XML error" "$root/err"
check $? "define of a broken XML: an XML error"

sed "s|<devices>|<devices><emulator>/nonexistent/qemu</emulator>|; s|tr1|tr2|g; /<uuid>/d" \
    "$root/tr1.xml" >"$root/tr2.xml"
run define "$root/tr2.xml"
test $rc = 1 && grep -q "Cannot check QEMU binary /nonexistent/qemu: No such file or directory" "$root/err"
check $? "define with a missing emulator: libvirt's error"
run list --all --name
test $rc = 0 && test -z "$(tr -d '\n' <"$root/out")"
check $? "nothing was defined by the failed defines"

finish
