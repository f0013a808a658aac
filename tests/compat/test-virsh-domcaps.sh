#!/bin/sh
# Debian's virsh, python3-libvirt and modvirt's CLI ask modvirt-qemud for domcapabilities: the same document from all three, the request's virt type, machine and arch honoured, libvirt's errors (TAP).
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

modvirt="${MODVIRT_BUILDDIR:?}/tools/modvirt"

start_daemon qemud || { echo "Bail out! modvirt-qemud did not start"; exit 1; }
uri="qemu+unix:///system?socket=$(sock qemud-sock)"

# run NAME ARGS...: virsh domcapabilities ARGS, stdout in $root/NAME.xml.
run() {
    name=$1
    shift
    timeout 60 "$virsh" -c "$uri" domcapabilities "$@" >"$root/$name.xml" 2>"$root/$name.err"
    rc=$?
}

run default
test $rc = 0 && grep -q "^<domainCapabilities>$" "$root/default.xml"
check $? "virsh domcapabilities"

grep -q "^  <path>$qemu_bin</path>$" "$root/default.xml" &&
    grep -Eq "^  <domain>(kvm|qemu)</domain>$" "$root/default.xml" &&
    grep -q "^  <machine>pc-i440fx-" "$root/default.xml" &&
    grep -q "^  <arch>x86_64</arch>$" "$root/default.xml"
check $? "default: the host's binary, its default machine (canonical), x86_64"

# libvirt 9.0's order of the top-level elements and of devices and features.
order=$(sed -n 's/^  <\([a-zA-Z][a-zA-Z]*\).*/\1/p' "$root/default.xml" | tr '\n' ' ')
test "$order" = "path domain machine arch vcpu iothreads os cpu memoryBacking devices features "
check $? "default: top-level elements in libvirt's order ($order)"
order=$(sed -n '/^  <devices>/,/^  <\/devices>/s/^    <\([a-zA-Z][a-zA-Z]*\).*/\1/p' "$root/default.xml" | tr '\n' ' ')
test "$order" = "disk graphics video hostdev rng filesystem tpm redirdev channel "
check $? "default: devices in libvirt's order ($order)"
order=$(sed -n '/^  <features>/,/^  <\/features>/s/^    <\([a-zA-Z][a-zA-Z]*\).*/\1/p' "$root/default.xml" | tr '\n' ' ')
test "$order" = "gic vmcoreinfo genid backingStoreInput backup sev sgx hyperv "
check $? "default: features in libvirt's order ($order)"

grep -q "<model usable='yes' vendor='unknown'>qemu64</model>\|<model usable='no' vendor='unknown'>qemu64</model>" "$root/default.xml" &&
    grep -q "vendor='AMD'>EPYC</model>" "$root/default.xml" &&
    ! grep -q ">EPYC-v1</model>" "$root/default.xml"
check $? "default: custom CPU models as QEMU reports them, with usable and vendor"

timeout 60 "$modvirt" -c "$uri" domcapabilities >"$root/modvirt.xml" 2>"$root/modvirt.err"
test $? = 0 && cmp -s "$root/default.xml" "$root/modvirt.xml"
check $? "modvirt domcapabilities prints the same bytes as virsh"

# libvirt refuses the call on a read-only connection, in the library.
timeout 60 "$modvirt" -r -c "$uri" domcapabilities >/dev/null 2>"$root/ro.err"
test $? != 0 && grep -qF "operation forbidden: read only access prevents virConnectGetDomainCapabilities" "$root/ro.err"
check $? "modvirt -r domcapabilities: refused as read-only"

if /usr/bin/python3 -c "import libvirt" 2>/dev/null; then
    timeout 60 /usr/bin/python3 -c "
import sys, libvirt
conn = libvirt.open(sys.argv[1])
# virsh writes two newlines after the document.
sys.stdout.write(conn.getDomainCapabilities() + '\\n\\n')
" "$uri" >"$root/python.xml" 2>"$root/python.err"
    if test $? = 0 && cmp -s "$root/default.xml" "$root/python.xml"; then r=0; else r=1; sed 's/^/# /' "$root/python.err"; fi
    check $r "python3-libvirt getDomainCapabilities() gives the same document"
else
    echo "# python3-libvirt is not installed (Debian package python3-libvirt): skipping its check"
fi

run tcg --virttype qemu
test $rc = 0 && grep -q "^  <domain>qemu</domain>$" "$root/tcg.xml" &&
    grep -q "<mode name='host-passthrough' supported='no'/>" "$root/tcg.xml" &&
    grep -q "<model usable='yes' vendor='unknown'>qemu64</model>" "$root/tcg.xml"
check $? "--virttype qemu: domain qemu, no host-passthrough, qemu64 usable under TCG"

if grep -q "^  <domain>kvm</domain>$" "$root/default.xml"; then
    grep -q "<mode name='host-passthrough' supported='yes'>" "$root/default.xml"
    check $? "kvm: host-passthrough supported"
else
    run kvm --virttype kvm
    test $rc != 0 && grep -q "error: invalid argument: the accel 'kvm' is not supported by '$qemu_bin' on this host" "$root/kvm.err"
    check $? "--virttype kvm without KVM: refused"
fi

run q35 --machine q35
test $rc = 0 && grep -q "^  <machine>pc-q35-" "$root/q35.xml" && ! grep -q "<value>ide</value>" "$root/q35.xml"
check $? "--machine q35: the canonical pc-q35-* name, no IDE bus"

run i686 --emulatorbin "$qemu_bin" --arch i686
test $rc = 0 && grep -q "^  <arch>i686</arch>$" "$root/i686.xml" && grep -q "^  <path>$qemu_bin</path>$" "$root/i686.xml"
check $? "--emulatorbin qemu-system-x86_64 --arch i686"

# expect_error NAME MESSAGE ARGS...: virsh fails and says MESSAGE.
expect_error() {
    name=$1
    msg=$2
    shift 2
    run "$name" "$@"
    test $rc != 0 && grep -qF "error: failed to get emulator capabilities" "$root/$name.err" &&
        grep -qF "error: $msg" "$root/$name.err"
    check $? "--$name: $msg"
}

expect_error virttype "invalid argument: Emulator '$qemu_bin' does not support virt type 'xen'" --virttype xen
expect_error bad-virttype "invalid argument: unknown virttype: bogus" --virttype bogus
expect_error machine "invalid argument: the machine 'foo' is not supported by emulator '$qemu_bin'" --machine foo
expect_error arch "unsupported configuration: unable to find any emulator to serve 'ppc64' architecture" --arch ppc64
expect_error bad-arch "invalid argument: unknown architecture: foo" --arch foo
expect_error emulator "Cannot check QEMU binary /nonexistent/qemu: No such file or directory" --emulatorbin /nonexistent/qemu
expect_error emulator-arch "invalid argument: architecture from emulator 'x86_64' doesn't match given architecture 'ppc64'" --emulatorbin "$qemu_bin" --arch ppc64

finish
