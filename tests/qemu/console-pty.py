# A console client (Debian's virsh, or modvirt) driven through a pty: it connects, the guest resumes and boots, a typed line comes back, ^] leaves with exit code 0.
# argv: CLIENT URI DOMAIN. Exit 0 on success.
import os
import pty
import select
import subprocess
import sys
import time

client, uri, name = sys.argv[1:4]
TIMEOUT = 180

pid, fd = pty.fork()
if pid == 0:
    os.execvp(client, [client, "-c", uri, "console", name])

buf = b""


def read_until(needle, secs):
    global buf
    deadline = time.monotonic() + secs
    while needle not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            return needle in buf
        buf += data
    return True


def fail(why):
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise SystemExit("%s: %s; output %r" % (client, why, buf[-400:]))


if not read_until(b"Escape character is ^]", 20):
    fail("no console banner")
subprocess.run([client, "-c", uri, "resume", name], check=True, stdout=subprocess.DEVNULL,
               timeout=60)
if not read_until(b"MODVIRT-GUEST-BOOTED", TIMEOUT):
    fail("no boot line from the guest")
os.write(fd, b"typed in a terminal\r")
if not read_until(b"MODVIRT-GUEST-ECHO typed in a terminal", 60):
    fail("the typed line did not come back")
os.write(fd, b"\x1d")
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit("%s exited with %d after ^]; output %r" % (client, code, buf[-400:]))
        print("%s console OK" % client)
        sys.exit(0)
    try:
        if select.select([fd], [], [], 0.1)[0]:
            os.read(fd, 4096)
    except OSError:
        pass
fail("still running 20 s after ^]")
