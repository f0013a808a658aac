#!/bin/sh
# Debian's python3-libvirt against modvirt-qemud through a ?socket= URI (TAP).
# python3-libvirt is built for Debian's own interpreter: always /usr/bin/python3.
python=/usr/bin/python3
if ! timeout 20 "$python" -c 'import libvirt' 2>/dev/null; then
    echo "1..0 # SKIP /usr/bin/python3 cannot import libvirt (Debian package python3-libvirt)"
    exit 0
fi
. "${MODVIRT_SRCDIR:?}/tests/compat/daemons.sh"

start_daemon qemud || { echo "Bail out! modvirt-qemud did not start"; exit 1; }

# The script prints its own TAP lines, numbered from $n + 1; the count comes back on the last line.
timeout 60 "$python" - "$(sock qemud-sock)" "$(sock qemud-sock-ro)" "$n" >"$root/tap" 2>"$root/err" <<'PY'
import os
import socket
import sys

import libvirt

rw_sock, ro_sock, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
failed = False


def check(ok, what):
    global n, failed
    n += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
    failed = failed or not ok


def error_of(func):
    """The libvirtError func raises, or None."""
    try:
        func()
    except libvirt.libvirtError as e:
        return e
    return None


libvirt.registerErrorHandler(lambda ctx, err: None, None)
uri = "qemu+unix:///system?socket=" + rw_sock
conn = libvirt.open(uri)
check(conn is not None, "libvirt.open of the read-write socket")
check(conn.getType() == "QEMU", "getType() is QEMU")
check(conn.getVersion() >= 1000000, "getVersion() is the QEMU version")
check(conn.getLibVersion() == 9000000, "getLibVersion() is libvirt 9.0.0")
check(conn.getHostname() == socket.gethostname(), "getHostname() is the host's")
check(conn.getURI() == uri, "getURI() is the URI opened")
check(conn.isSecure() == 1, "isSecure() on a unix socket")
check(conn.isAlive() == 1, "isAlive()")

info = conn.getInfo()
check(info[0] == os.uname().machine, "getInfo() model is the machine type")
check(info[2] == os.sysconf("SC_NPROCESSORS_ONLN"), "getInfo() counts the online CPUs")
check(info[1] > 0, "getInfo() memory in MiB")
check(info[4] * info[5] * info[6] * info[7] == info[2], "getInfo() topology adds up to the CPUs")
check(conn.getSecurityModel() == ["none", "0"], "getSecurityModel() is none, 0")

check(conn.listAllDomains() == [], "listAllDomains() on a fresh daemon is empty")
check(conn.getType() == "QEMU", "getType() is QEMU")
conn.close()

ro = libvirt.openReadOnly("qemu+unix:///system?socket=" + ro_sock)
check(ro.getHostname() == socket.gethostname(), "openReadOnly: getHostname()")
err = error_of(lambda: ro.defineXML("<domain type='kvm'><name>ro</name></domain>"))
check(err is not None and err.get_error_code() == libvirt.VIR_ERR_OPERATION_DENIED,
      "openReadOnly: defineXML() is denied")
ro.close()

err = error_of(lambda: libvirt.open("qemu+unix:///session?socket=" + rw_sock))
check(err is not None and "try qemu:///system" in str(err),
      "a session URI on the system daemon is refused with a hint")

print("count %d" % n)
sys.exit(1 if failed else 0)
PY
rc=$?
grep -v '^count ' "$root/tap"
n=$(sed -n 's/^count //p' "$root/tap")
[ -n "$n" ] || n=0
if [ $rc != 0 ]; then
    fail=1
    sed 's/^/# /' "$root/err"
fi
finish
