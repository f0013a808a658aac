#!/bin/sh
# Debian's virsh through modvirt-proxyd: the same answers as from qemud directly, network calls reach networkd, read-only and libvirt's socket name (TAP).
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

# Stops the daemons proxyd started on demand, by their pid files, while
# proxyd still runs to reap them; then the daemons started here.
cleanup_proxyd() {
    for d in qemud networkd nodedevd; do
        p=$(cat "$root/run/modvirt/$d.pid" 2>/dev/null)
        [ -n "$p" ] && stop_pid "$p"
    done
    cleanup
}
trap cleanup_proxyd EXIT

start_daemon qemud || { echo "Bail out! modvirt-qemud did not start"; exit 1; }
start_daemon networkd || { echo "Bail out! modvirt-networkd did not start"; exit 1; }

# proxyd with libvirt's legacy socket name under the temp root.
bin=$(find_daemon proxyd)
[ -n "$bin" ] || { echo "Bail out! modvirt-proxyd is not built"; exit 1; }
"$bin" --root "$root" --timeout 30 --libvirt-socket "$root/libvirt-sock" 2>"$root/proxyd.stderr" &
proxyd_pid=$!
pids="$pids $proxyd_pid"
# libvirt-sock-ro is bound last, after proxyd's own sockets listen.
i=0
while [ ! -S "$root/libvirt-sock-ro" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$root/libvirt-sock-ro" ] || { sed 's/^/# /' "$root/proxyd.stderr"; echo "Bail out! modvirt-proxyd did not start"; exit 1; }

direct="qemu+unix:///system?socket=$(sock qemud-sock)"
proxy="qemu+unix:///system?socket=$(sock proxyd-sock)"
proxy_ro="qemu+unix:///system?socket=$(sock proxyd-sock-ro)"
legacy="qemu+unix:///system?socket=$root/libvirt-sock"

for cmd in "version --daemon" hostname nodeinfo; do
    # shellcheck disable=SC2086
    run "$direct" $cmd
    cp "$root/out" "$root/want"
    # shellcheck disable=SC2086
    run "$proxy" $cmd
    test $rc = 0 && cmp -s "$root/out" "$root/want"
    check $? "virsh $cmd through proxyd answers as qemud does"
done

run "$proxy" uri
test $rc = 0 && test "$(head -n 1 "$root/out")" = "$proxy"
check $? "virsh uri through proxyd"

# 283 goes to networkd over proxyd's own network:///system connection.
run "$proxy" net-list --all
if [ $rc = 0 ]; then
    check 0 "net-list --all through proxyd: networkd answers"
else
    grep -q "virConnectListAllNetworks" "$root/err"
    check $? "net-list --all through proxyd: networkd's error, not a dropped connection"
    sed 's/^/# /' "$root/err"
fi
run "network+unix:///system?socket=$(sock networkd-sock)" net-list --all
cp "$root/out" "$root/want"
cp "$root/err" "$root/want-err"
run "$proxy" net-list --all
cmp -s "$root/out" "$root/want" && cmp -s "$root/err" "$root/want-err"
check $? "net-list --all on qemu:///system through proxyd: as networkd answers directly"

run "$direct" list --all
cp "$root/out" "$root/want"
cp "$root/err" "$root/want-err"
run "$proxy" list --all
cmp -s "$root/out" "$root/want" && cmp -s "$root/err" "$root/want-err"
check $? "list --all through proxyd: as qemud answers directly"

# nodedevd is not running: proxyd starts it on the first node device call.
run "$proxy" nodedev-list
cp "$root/out" "$root/got"
cp "$root/err" "$root/got-err"
test -S "$(sock nodedevd-sock)"
check $? "nodedev-list through proxyd starts modvirt-nodedevd on demand"
run "nodedev+unix:///system?socket=$(sock nodedevd-sock)" nodedev-list
cmp -s "$root/out" "$root/got" && cmp -s "$root/err" "$root/got-err"
check $? "nodedev-list on qemu:///system through proxyd: as nodedevd answers directly"

run "$proxy_ro" hostname
test $rc = 0 && test "$(head -n 1 "$root/out")" = "$(uname -n)"
check $? "proxyd's read-only socket: hostname"
echo "<domain type='kvm'><name>ro</name></domain>" >"$root/ro.xml"
timeout 20 "$virsh" -c "$proxy_ro" define "$root/ro.xml" >/dev/null 2>"$root/err"
test $? = 1 && grep -q "operation forbidden" "$root/err"
check $? "proxyd's read-only socket: qemud's read-only socket refuses define"

run "$legacy" hostname
test $rc = 0 && test "$(head -n 1 "$root/out")" = "$(uname -n)"
check $? "--libvirt-socket: virsh hostname on libvirt's socket name"

run "test+unix:///default?socket=$(sock proxyd-sock)" hostname
test $rc = 1 && grep -q "no connection driver available" "$root/err"
check $? "a URI no daemon serves is refused by proxyd"

kill -0 "$proxyd_pid" 2>/dev/null
check $? "proxyd still runs"

# The daemon proxyd started goes first, while proxyd is there to reap it.
p=$(cat "$root/run/modvirt/nodedevd.pid" 2>/dev/null)
[ -n "$p" ] && stop_pid "$p"
kill -TERM "$proxyd_pid"
i=0
while kill -0 "$proxyd_pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
wait "$proxyd_pid"
test $? = 0 && ! grep -q "Sanitizer\|runtime error" "$root/proxyd.stderr"
check $? "proxyd exits 0 on SIGTERM, with no sanitizer report"

finish
