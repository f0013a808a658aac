#!/bin/sh
# Close callbacks with Debian's python3-libvirt: feature 15 is granted, and a daemon that dies fires the callback with VIR_CONNECT_CLOSE_REASON_EOF within a bounded wait (TAP).
python=/usr/bin/python3
if ! timeout 20 "$python" -c 'import libvirt' 2>/dev/null; then
    echo "1..0 # SKIP /usr/bin/python3 cannot import libvirt (Debian package python3-libvirt)"
    exit 0
fi
. "${MODVIRT_SRCDIR:?}/tests/compat/daemons.sh"

start_daemon qemud || { echo "Bail out! modvirt-qemud did not start"; exit 1; }
qemud_pid=${pids##* }

timeout 60 "$python" - "$(sock qemud-sock)" "$qemud_pid" >"$root/out" 2>"$root/err" <<'PY'
import os
import signal
import sys
import threading
import time

import libvirt

sock, pid = sys.argv[1], int(sys.argv[2])
libvirt.registerErrorHandler(lambda ctx, err: None, None)
libvirt.virEventRegisterDefaultImpl()


stopping = threading.Event()


def loop():
    while not stopping.is_set():
        libvirt.virEventRunDefaultImpl()


events = threading.Thread(target=loop, daemon=True)
events.start()

seen = []
fired = threading.Event()


def on_close(conn, reason, opaque):
    seen.append(reason)
    fired.set()


conn = libvirt.open("qemu+unix:///system?socket=" + sock)
conn.registerCloseCallback(on_close, None)
print("registered")
# An unregister and a register again go to the daemon as 361 and 360.
conn.unregisterCloseCallback()
conn.registerCloseCallback(on_close, None)
print("re-registered")
os.kill(pid, signal.SIGKILL)
start = time.monotonic()
fired.wait(15)
print("fired %s reasons %s after %.1fs" % (fired.is_set(), seen, time.monotonic() - start))
print("eof" if seen == [libvirt.VIR_CONNECT_CLOSE_REASON_EOF] else "wrong reason")
print("alive %d" % conn.isAlive())

# A daemon thread still inside libvirt's event loop when the interpreter
# finalizes may crash it (seen once: a segfault at exit after every check
# had passed). So the end is clean: the close callback gone (libvirt drops
# it itself once it has fired), the connection closed, the event thread
# woken by a timer, told to stop and joined, before Python exits.
if not fired.is_set():
    conn.unregisterCloseCallback()
conn.close()
stopping.set()


def wake(timer, opaque):
    libvirt.virEventRemoveTimeout(timer)


libvirt.virEventAddTimeout(0, wake, None)
events.join(10)
print("event thread stopped %s" % (not events.is_alive()))
PY
rc=$?
sed 's/^/# /' "$root/out" "$root/err"
check $rc "python3-libvirt script ran"
grep -qx registered "$root/out"; check $? "registerCloseCallback on a connection to modvirt-qemud"
grep -qx re-registered "$root/out"; check $? "unregisterCloseCallback and registerCloseCallback again"
grep -q "^fired True" "$root/out"; check $? "the close callback fired within 15 s of the daemon's death"
grep -qx eof "$root/out"; check $? "its reason is VIR_CONNECT_CLOSE_REASON_EOF"
grep -qx "alive 0" "$root/out"; check $? "isAlive() is 0 afterwards"
grep -qx "event thread stopped True" "$root/out"; check $? "connection closed and event thread stopped before exit"
finish
