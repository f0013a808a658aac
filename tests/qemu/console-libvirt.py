# Debian's python3-libvirt on a guest's console: opens it, resumes the paused guest, reads its boot line, types a line and reads the guest's echo.
# argv: URI DOMAIN. Exit 0 on success, 77 when python3-libvirt is missing.
import signal
import sys

try:
    import libvirt
except ImportError:
    print("python3-libvirt is not installed")
    sys.exit(77)

TIMEOUT = 180


def timed_out(signum, frame):
    raise SystemExit("the console did not answer within %ds" % TIMEOUT)


# libvirt's client reads a stream only while a call waits on it or an
# event loop runs: blocking receives, bounded by an alarm.
def read_until(st, buf, needle):
    signal.alarm(TIMEOUT)
    while needle not in buf:
        data = st.recv(4096)
        if not data:
            raise SystemExit("the console ended before %r; got %r" % (needle, buf[-300:]))
        buf += data
    signal.alarm(0)
    return buf


signal.signal(signal.SIGALRM, timed_out)
libvirt.registerErrorHandler(lambda ctx, err: None, None)
conn = libvirt.open(sys.argv[1])
dom = conn.lookupByName(sys.argv[2])
st = conn.newStream(0)
dom.openConsole(None, st, 0)
try:
    dom.openConsole(None, conn.newStream(0), 0)
    raise SystemExit("a second console session was allowed")
except libvirt.libvirtError as e:
    if e.get_error_code() != libvirt.VIR_ERR_OPERATION_FAILED:
        raise
dom.resume()
buf = read_until(st, b"", b"MODVIRT-GUEST-BOOTED")
st.send(b"typed by python\n")
read_until(st, buf, b"MODVIRT-GUEST-ECHO typed by python")
st.finish()
print("python3-libvirt console OK")
