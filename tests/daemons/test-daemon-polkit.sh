#!/bin/bash
# polkit on the daemons' read-write sockets (TAP): Debian's polkitd on a private system bus, in a private mount namespace, asked for clients of other uids.
#
# Nothing of the host changes: the policy and the rules polkitd reads, and
# for the system-mode daemons /run and modvirt's system directories, are
# tmpfs mounts seen only in this script's mount namespace, and the bus is
# a dbus-daemon of its own. Needs root (the namespace, clients of other
# uids). When polkitd cannot run, the polkit answers are skipped, saying
# why, and the protocol side is still tested. Every wait is bounded; only
# the processes started here are stopped, by pid.

python=/usr/bin/python3
polkitd=/usr/lib/polkit-1/polkitd
modvirt_cli="${MODVIRT_BUILDDIR:?}/tools/modvirt"
pk_client="$MODVIRT_BUILDDIR/tests/daemons/polkit-client"
allowed_user=nobody     # in the group the test rule allows
denied_user=daemon      # the rule says no
asked_user=bin          # no rule: the policy file's auth_admin_keep

if [ "$(id -u)" != 0 ]; then
    echo "1..0 # SKIP needs root: a private mount namespace and clients of other uids"
    exit 0
fi
if [ -z "$MV_POLKIT_TEST_NS" ]; then
    if ! unshare -m --propagation private true 2>/dev/null; then
        echo "1..0 # SKIP cannot make a private mount namespace (unshare -m)"
        exit 0
    fi
    MV_POLKIT_TEST_NS=1 exec unshare -m --propagation private "$0" "$@"
fi
for tool in "$python" dbus-daemon gdbus setpriv; do
    if ! command -v "$tool" >/dev/null; then
        echo "1..0 # SKIP $tool is not installed"
        exit 0
    fi
done
for user in "$allowed_user" "$denied_user" "$asked_user"; do
    if ! id -u "$user" >/dev/null 2>&1; then
        echo "1..0 # SKIP the users $allowed_user, $denied_user and $asked_user are needed"
        exit 0
    fi
done

. "${MODVIRT_SRCDIR:?}/tests/compat/daemons.sh"
# Clients of other uids walk to the sockets.
chmod 0755 "$root"

allowed_group=$(id -gn "$allowed_user")
bus_dir="$root/bus"
bus_sock="$bus_dir/system_bus_socket"
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$bus_sock"
bus_pid=""
polkitd_pid=""

# expect WHAT WANT GOT: ok when GOT holds WANT (a fixed string).
expect() {
    case "$3" in
        *"$2"*) check 0 "$1" ;;
        *) check 1 "$1"; echo "# wanted: $2" | sed '2,$s/^/# /'; echo "# got: $3" | sed '2,$s/^/# /' ;;
    esac
}

skip_check() {
    n=$((n + 1))
    echo "ok $n - $1 # SKIP $2"
}

# as USER CMD...: CMD with USER's uid, gid and no other group, its own HOME.
as() {
    user=$1
    shift
    if [ "$user" = root ]; then
        timeout 60 "$@" 2>&1
        return
    fi
    home="$root/home-$user"
    mkdir -p "$home"
    chown "$user:" "$home"
    timeout 60 setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups \
        env HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" \
        XDG_RUNTIME_DIR="$home" "$@" 2>&1
}

# libvirt's client (python3-libvirt) lists the networks through URI.
cat >"$root/lv.py" <<'PY'
import sys

import libvirt

libvirt.registerErrorHandler(lambda ctx, err: None, None)
try:
    conn = libvirt.open(sys.argv[1])
    print("listed %d networks" % len(conn.listAllNetworks()))
    conn.close()
except libvirt.libvirtError as e:
    print("error %d %d %s" % (e.get_error_code(), e.get_error_domain(), e.get_error_message()))
PY
cp "$MODVIRT_SRCDIR/tests/daemons/polkit-wire.py" "$root/wire.py"
cp "$MODVIRT_SRCDIR/tests/daemons/polkit-fake-daemon.py" "$root/fake.py"
chmod 0644 "$root/lv.py" "$root/wire.py" "$root/fake.py"

# The policy file modvirt installs, and one rule: the allowed user's
# group may manage, the denied user may not, the others get the policy
# file's default. Only here, over the host's.
mount -t tmpfs -o mode=0755 tmpfs /usr/share/polkit-1/actions
cp "$MODVIRT_SRCDIR/data/polkit/org.modvirt.unix.policy" /usr/share/polkit-1/actions/
for dir in /etc/polkit-1/rules.d /usr/share/polkit-1/rules.d; do
    [ -d "$dir" ] && mount -t tmpfs -o mode=0755 tmpfs "$dir"
done
cat >/etc/polkit-1/rules.d/50-modvirt-test.rules <<EOF
polkit.addRule(function(action, subject) {
    if (action.id != "org.libvirt.unix.manage")
        return polkit.Result.NOT_HANDLED;
    if (subject.isInGroup("$allowed_group"))
        return polkit.Result.YES;
    if (subject.user == "$denied_user")
        return polkit.Result.NO;
    return polkit.Result.NOT_HANDLED;
});
EOF

# A bus where anyone may talk to anyone, like a system bus for polkitd.
mkdir -p "$bus_dir"
cat >"$bus_dir/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$bus_sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$bus_dir/bus.conf" --nofork 2>"$root/bus.stderr" &
bus_pid=$!
pids="$pids $bus_pid"
i=0
while [ ! -S "$bus_sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

polkit_reason=""
if [ ! -S "$bus_sock" ]; then
    polkit_reason="the test's dbus-daemon did not start: $(head -c 300 "$root/bus.stderr")"
elif [ ! -x "$polkitd" ]; then
    polkit_reason="$polkitd is not installed"
else
    "$polkitd" --no-debug >"$root/polkitd.log" 2>&1 &
    polkitd_pid=$!
    pids="$pids $polkitd_pid"
    # Up to 15 s for polkitd to own its name on the bus.
    owned=""
    deadline=$((SECONDS + 15))
    while [ $SECONDS -lt $deadline ]; do
        owned=$(timeout 2 gdbus call --system --dest org.freedesktop.DBus \
            --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.NameHasOwner \
            org.freedesktop.PolicyKit1 2>/dev/null)
        [ "$owned" = "(true,)" ] && break
        sleep 0.1
    done
    [ "$owned" = "(true,)" ] ||
        polkit_reason="polkitd did not take its bus name: $(head -c 300 "$root/polkitd.log")"
fi
[ -z "$polkit_reason" ] || echo "# polkit answers are skipped: $polkit_reason"

# polkit_check WHAT WANT GOT: a check that needs polkitd running.
polkit_check() {
    if [ -n "$polkit_reason" ]; then
        skip_check "$1" "$polkit_reason"
    else
        expect "$1" "$2" "$3"
    fi
}

# An auth method modvirt does not know stops the start, naming file and key.
mkdir -p "$root/bad/etc/modvirt"
printf 'log_level = 3\nauth_unix_rw = "sasl"\n' >"$root/bad/etc/modvirt/networkd.conf"
out=$(timeout 20 "$(find_daemon networkd)" --root "$root/bad" 2>&1)
rc=$?
check "$([ $rc = 1 ] && echo 0 || echo 1)" "auth_unix_rw = \"sasl\" stops the start (exit $rc)"
expect "the error names the file and the value" \
    "$root/bad/etc/modvirt/networkd.conf: auth_unix_rw = \"sasl\" is not an auth method" "$out"

# networkd with libvirt's default socket mode for polkit; proxyd with the
# mode written out, and polkit on its read-only socket too.
mkdir -p "$root/etc/modvirt"
printf 'auth_unix_rw = "polkit"\n' >"$root/etc/modvirt/networkd.conf"
printf 'auth_unix_rw = "polkit"\nunix_sock_rw_perms = "0777"\nauth_unix_ro = "polkit"\n' \
    >"$root/etc/modvirt/proxyd.conf"
start_daemon networkd || { echo "Bail out! modvirt-networkd did not start"; exit 1; }
start_daemon proxyd || { echo "Bail out! modvirt-proxyd did not start"; exit 1; }
chmod 0755 "$root/run" "$root/run/modvirt"
net_rw=$(sock networkd-sock)
net_ro=$(sock networkd-sock-ro)
proxy_rw=$(sock proxyd-sock)
proxy_ro=$(sock proxyd-sock-ro)
net_uri="network+unix:///system?socket=$net_rw"
proxy_uri="network+unix:///system?socket=$proxy_rw"

expect "with polkit, the read-write socket is 0777 by default" 777 "$(stat -c %a "$net_rw")"

# The protocol, on the wire.
out=$(as "$allowed_user" "$python" "$root/wire.py" "$net_rw" list feature)
expect "AUTH_LIST answers [2] (polkit) to a non-root peer" "list 2 in" "$out"
expect "a call before AUTH_POLKIT: VIR_ERR_RPC 'authentication required'" \
    "feature error 39 7 authentication required in" "$out"
out=$(as root "$python" "$root/wire.py" "$net_rw" list feature open)
expect "AUTH_LIST answers [0] to root, which needs no polkit" "list 0 in" "$out"
expect "root's calls are served at once" "feature 1 in" "$out"
expect "root opens the connection" "open ok in" "$out"
out=$(as "$allowed_user" "$python" "$root/wire.py" "$net_ro" list feature)
expect "the read-only socket keeps auth none (AUTH_LIST [0])" "list 0 in" "$out"
expect "the read-only socket serves a non-root peer at once" "feature 1 in" "$out"

# libmodvirt's side of the handshake, against a fake daemon: the first
# method listed is the one spoken (libvirt's rule), SASL is refused in
# libvirt's words, AUTH_POLKIT's error is passed on unchanged, and no call
# follows a failed authentication. Prints the client's line, then
# "calls: PROCEDURES." as the fake got them.
fake_sock="$root/fake-sock"
fake_run() {
    rm -f "$fake_sock" "$root/fake.log"
    "$python" "$root/fake.py" "$fake_sock" "$root/fake.log" "$1" "$2" 2>>"$root/fake.stderr" &
    fake_pid=$!
    pids="$pids $fake_pid"
    shift 2
    i=0
    while [ ! -S "$fake_sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    as root "$@"
    stop_pid "$fake_pid"
    echo "calls: $(paste -sd' ' "$root/fake.log")."
}
fake_uri="network+unix:///system?socket=$fake_sock"
out=$(fake_run 1 complete "$pk_client" "$fake_uri")
expect "libmodvirt: SASL (1) is refused with libvirt's words, nothing called after" \
    "error 45 13 authentication failed: unsupported authentication type 1
calls: 66." "$out"
out=$(fake_run 1,2 complete "$pk_client" "$fake_uri")
expect "libmodvirt: [1, 2] speaks the first method listed, as libvirt's client" \
    "error 45 13 authentication failed: unsupported authentication type 1
calls: 66." "$out"
out=$(fake_run 1 complete "$modvirt_cli" -q -c "$fake_uri" net-list)
expect "modvirt CLI: SASL refused in libvirt's words" \
    "error: failed to connect to the hypervisor
error: authentication failed: unsupported authentication type 1
calls: 66." "$out"
out=$(fake_run 2 "error:45:60:the fake polkit says no" "$pk_client" "$fake_uri")
expect "libmodvirt: AUTH_POLKIT's error reaches the caller unchanged, nothing called after" \
    "error 45 60 the fake polkit says no
calls: 66 70." "$out"
out=$(fake_run 2 incomplete "$pk_client" "$fake_uri")
expect "libmodvirt: AUTH_POLKIT answering not complete fails the open" \
    "error 45 13 authentication failed: the daemon at $fake_sock did not complete polkit authentication
calls: 66 70." "$out"
out=$(fake_run "" complete "$pk_client" "$fake_uri")
expect "libmodvirt: an empty AUTH_LIST is auth none: the handshake goes on" \
    "calls: 66 60." "$out"

out=$(as "$allowed_user" "$python" "$root/wire.py" "$net_rw" list polkit feature open)
polkit_check "AUTH_POLKIT: polkit allows the rule's group" "polkit 1 in" "$out"
polkit_check "after AUTH_POLKIT, calls are served" "open ok in" "$out"
out=$(as "$denied_user" "$python" "$root/wire.py" "$net_rw" list polkit feature)
polkit_check "AUTH_POLKIT: polkit denies another user with libvirt's error" \
    "polkit error 45 60 authentication failed: access denied by policy in" "$out"
polkit_check "a denied client stays refused" "feature error 39 7 authentication required" "$out"
out=$(as "$asked_user" "$python" "$root/wire.py" "$net_rw" list polkit)
polkit_check "AUTH_POLKIT: a password to ask and no agent: libvirt's error" \
    "polkit error 94 60 authentication unavailable: no polkit agent available to authenticate action 'org.libvirt.unix.manage' in" "$out"

# libvirt's own clients.
out=$(as "$allowed_user" "$python" "$root/lv.py" "$net_uri")
polkit_check "python3-libvirt as $allowed_user: allowed, lists networks" "listed " "$out"
out=$(as "$denied_user" "$python" "$root/lv.py" "$net_uri")
polkit_check "python3-libvirt as $denied_user: libvirt's error 45 from polkit (60)" \
    "error 45 60 authentication failed: access denied by policy" "$out"
out=$(as root "$python" "$root/lv.py" "$net_uri")
expect "python3-libvirt as root: no polkit asked" "listed " "$out"
if command -v virsh >/dev/null; then
    out=$(as "$allowed_user" virsh -q -c "$net_uri" net-list --all)
    rc=$?
    if [ -n "$polkit_reason" ]; then
        skip_check "virsh net-list as $allowed_user" "$polkit_reason"
    else
        check "$([ $rc = 0 ] && echo 0 || echo 1)" "virsh net-list as $allowed_user succeeds (exit $rc)"
        [ $rc = 0 ] || echo "$out" | sed 's/^/# /'
    fi
    out=$(as "$denied_user" virsh -q -c "$net_uri" net-list --all)
    polkit_check "virsh as $denied_user prints libvirt's denial" \
        "error: authentication failed: access denied by policy" "$out"
else
    skip_check "virsh as $allowed_user" "virsh is not installed"
    skip_check "virsh as $denied_user" "virsh is not installed"
fi

# libmodvirt's own clients: its remote driver asks AUTH_POLKIT when the
# daemon lists polkit, and passes polkit's refusal on as the daemon gave it.
denied_cli="error: failed to connect to the hypervisor
error: authentication failed: access denied by policy"
for target in networkd proxyd; do
    if [ $target = networkd ]; then uri=$net_uri; else uri=$proxy_uri; fi
    out=$(as "$allowed_user" "$pk_client" "$uri")
    polkit_check "$target: libmodvirt as $allowed_user: allowed, lists networks" "listed " "$out"
    out=$(as "$denied_user" "$pk_client" "$uri")
    polkit_check "$target: libmodvirt as $denied_user: polkit's error 45 (domain 60), unchanged" \
        "error 45 60 authentication failed: access denied by policy" "$out"
    out=$(as "$asked_user" "$pk_client" "$uri")
    polkit_check "$target: libmodvirt as $asked_user: no agent, error 94 (domain 60), unchanged" \
        "error 94 60 authentication unavailable: no polkit agent available to authenticate action 'org.libvirt.unix.manage'" "$out"
    out=$(as root "$pk_client" "$uri")
    expect "$target: libmodvirt as root: no polkit asked" "listed " "$out"

    out=$(as "$allowed_user" "$modvirt_cli" -q -c "$uri" net-list --all)
    rc=$?
    if [ -n "$polkit_reason" ]; then
        skip_check "$target: modvirt net-list as $allowed_user" "$polkit_reason"
    else
        check "$([ $rc = 0 ] && echo 0 || echo 1)" \
            "$target: modvirt net-list as $allowed_user succeeds (exit $rc)"
        [ $rc = 0 ] || echo "$out" | sed 's/^/# /'
    fi
    out=$(as "$denied_user" "$modvirt_cli" -q -c "$uri" net-list --all)
    rc=$?
    polkit_check "$target: modvirt as $denied_user prints virsh's two lines (exit $rc)" \
        "$denied_cli" "$out$([ $rc = 1 ] || echo " (exit $rc)")"
done

# proxyd asks the same, then reaches networkd as root.
out=$(as "$allowed_user" "$python" "$root/wire.py" "$proxy_rw" list feature)
expect "proxyd: AUTH_LIST answers [2] to a non-root peer" "list 2 in" "$out"
expect "proxyd: a call before AUTH_POLKIT is refused" \
    "feature error 39 7 authentication required in" "$out"
out=$(as root "$python" "$root/wire.py" "$proxy_rw" list)
expect "proxyd: AUTH_LIST answers [0] to root" "list 0 in" "$out"
out=$(as "$denied_user" "$python" "$root/wire.py" "$proxy_ro" list feature polkit feature)
expect "auth_unix_ro = \"polkit\": AUTH_LIST on the read-only socket answers [2]" "list 2 in" "$out"
expect "the read-only socket refuses calls before AUTH_POLKIT" \
    "feature error 39 7 authentication required in" "$out"
polkit_check "the read-only socket asks for org.libvirt.unix.monitor, which the policy file gives anyone" \
    "polkit 1 in" "$out"
polkit_check "then the read-only socket serves" "feature 1 in" "$(echo "$out" | tail -n 1)"
out=$(as "$allowed_user" "$python" "$root/lv.py" "$proxy_uri")
polkit_check "proxyd: python3-libvirt as $allowed_user reaches networkd" "listed " "$out"
out=$(as "$denied_user" "$python" "$root/lv.py" "$proxy_uri")
polkit_check "proxyd: python3-libvirt as $denied_user gets the denial" \
    "error 45 60 authentication failed: access denied by policy" "$out"

# System mode under socket activation, as the units run it: no --root, no
# config file, the sockets passed by systemd-socket-activate with the
# units' SocketMode=0666. The daemons' directories (and /run, where the
# sockets live) are tmpfs mounts of this namespace only. nodedevd only
# reads the host; proxyd reaches it as root.
sys_reason=""
activate=$(command -v systemd-socket-activate)
[ -n "$activate" ] || sys_reason="systemd-socket-activate is not installed"
for dir in /etc/modvirt /var/lib/modvirt /var/cache/modvirt /var/log/modvirt; do
    # Mounted over, never created: the host's tree stays as it is.
    [ -n "$sys_reason" ] || [ -d "$dir" ] || sys_reason="$dir does not exist to mount over"
done

# activate_system NAME: modvirt-NAME in system mode behind its two sockets.
activate_system() {
    rw="/run/modvirt/$1-sock"
    # It passes on only the environment it is told to: the test's bus.
    "$activate" -E DBUS_SYSTEM_BUS_ADDRESS --listen="$rw" --listen="$rw-ro" \
        --fdname="$1-sock:$1-sock-ro" \
        "$(find_daemon "$1")" --timeout 60 2>"$root/system-$1.stderr" &
    pids="$pids $!"
    i=0
    while { [ ! -S "$rw" ] || [ ! -S "$rw-ro" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    chmod 0666 "$rw" "$rw-ro"
}

if [ -z "$sys_reason" ]; then
    for dir in /run /etc/modvirt /var/lib/modvirt /var/cache/modvirt /var/log/modvirt; do
        mount -t tmpfs -o mode=0755 tmpfs "$dir"
    done
    mkdir -m 0755 /run/modvirt
    activate_system nodedevd
    activate_system proxyd

    out=$(as "$allowed_user" "$python" "$root/wire.py" /run/modvirt/nodedevd-sock list feature)
    expect "system mode, socket-activated: AUTH_LIST answers [2] to a non-root peer" "list 2 in" "$out"
    expect "system mode, socket-activated: calls before AUTH_POLKIT are refused" \
        "feature error 39 7 authentication required in" "$out"
    out=$(as "$allowed_user" "$python" "$root/wire.py" /run/modvirt/proxyd-sock list)
    expect "system mode, socket-activated proxyd: AUTH_LIST answers [2]" "list 2 in" "$out"
    out=$(as "$allowed_user" "$python" "$root/wire.py" /run/modvirt/nodedevd-sock-ro list)
    expect "system mode, socket-activated: the read-only socket keeps auth none" "list 0 in" "$out"
    if grep -q "anyone may connect" "$root/system-nodedevd.stderr" "$root/system-proxyd.stderr"; then
        check 1 "system mode: no warning about the 0666 socket (polkit decides)"
    else
        check 0 "system mode: no warning about the 0666 socket (polkit decides)"
    fi

    # The default URI's sockets, as a non-root user types it.
    for uri in nodedev:///system "nodedev:///system?mode=legacy"; do
        out=$(as "$allowed_user" "$modvirt_cli" -q -c "$uri" nodedev-list)
        rc=$?
        if [ -n "$polkit_reason" ]; then
            skip_check "modvirt -c $uri nodedev-list as $allowed_user" "$polkit_reason"
        else
            check "$([ $rc = 0 ] && [ -n "$out" ] && echo 0 || echo 1)" \
                "modvirt -c $uri nodedev-list as $allowed_user lists devices (exit $rc)"
            [ $rc = 0 ] || echo "$out" | sed 's/^/# /'
        fi
        out=$(as "$denied_user" "$modvirt_cli" -q -c "$uri" nodedev-list)
        rc=$?
        polkit_check "modvirt -c $uri as $denied_user prints the denial (exit $rc)" \
            "$denied_cli" "$out$([ $rc = 1 ] || echo " (exit $rc)")"
        out=$(as root "$modvirt_cli" -q -c "$uri" nodedev-list)
        rc=$?
        check "$([ $rc = 0 ] && echo 0 || echo 1)" "modvirt -c $uri nodedev-list as root (exit $rc)"
    done
else
    skip_check "system mode under socket activation" "$sys_reason"
fi

# polkitd gone (or never started), the bus still up: a clear error at once.
if [ -S "$bus_sock" ]; then
    [ -z "$polkitd_pid" ] || stop_pid "$polkitd_pid"
    out=$(as "$allowed_user" "$python" "$root/wire.py" "$net_rw" list polkit)
    expect "without polkitd: a D-Bus error naming polkit" \
        "polkit error 89 47 error from service: polkit is not running: org.freedesktop.PolicyKit1 has no owner" "$out"
    secs=$(echo "$out" | sed -n 's/^polkit error .* in \([0-9]*\)\..*/\1/p')
    check "$([ -n "$secs" ] && [ "$secs" -lt 5 ] && echo 0 || echo 1)" \
        "without polkitd: the error comes in under 5 s (${secs:-?} s)"
    out=$(as "$allowed_user" "$pk_client" "$net_uri")
    expect "without polkitd: libmodvirt passes the daemon's D-Bus error on" \
        "error 89 47 error from service: polkit is not running: org.freedesktop.PolicyKit1 has no owner" "$out"
    out=$(as root "$python" "$root/lv.py" "$net_uri")
    expect "without polkitd: root is still served" "listed " "$out"
else
    skip_check "without polkitd: a D-Bus error naming polkit" "$polkit_reason"
fi

# No bus at all: a clear error, at once, from networkd and from proxyd.
stop_pid "$bus_pid"
rm -f "$bus_sock"
out=$(as "$allowed_user" "$python" "$root/wire.py" "$net_rw" list polkit)
expect "without a system bus: an error naming the bus" \
    "polkit error 1 47 internal error: polkit: cannot connect to the system bus at 'unix:path=$bus_sock'" "$out"
secs=$(echo "$out" | sed -n 's/^polkit error .* in \([0-9]*\)\..*/\1/p')
check "$([ -n "$secs" ] && [ "$secs" -lt 5 ] && echo 0 || echo 1)" \
    "without a system bus: the error comes in under 5 s (${secs:-?} s)"
out=$(as "$allowed_user" "$python" "$root/wire.py" "$proxy_rw" list polkit feature)
expect "proxyd without a system bus: the same error" \
    "polkit error 1 47 internal error: polkit: cannot connect to the system bus" "$out"
expect "proxyd: still refused after a failed AUTH_POLKIT" \
    "feature error 39 7 authentication required" "$out"

# A bus that takes the connection and never answers: the check ends at its
# deadline (25 s), and meanwhile the daemons serve their other clients.
"$python" -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(16)
time.sleep(120)
' "$bus_sock" &
mute_pid=$!
pids="$pids $mute_pid"
i=0
while [ ! -S "$bus_sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
as "$allowed_user" "$python" "$root/wire.py" "$net_rw" polkit >"$root/mute-net" &
mute_net=$!
as "$allowed_user" "$python" "$root/wire.py" "$proxy_rw" polkit >"$root/mute-proxy" &
mute_proxy=$!
sleep 1
out=$(as root "$python" "$root/wire.py" "$net_rw" list feature)
expect "a hanging polkit check leaves networkd serving others" "feature 1 in 0." "$out"
out=$(as root "$python" "$root/wire.py" "$proxy_rw" list feature)
expect "a hanging polkit check leaves proxyd serving others" "feature 1 in 0." "$out"
wait "$mute_net" "$mute_proxy"
for who in net proxy; do
    out=$(cat "$root/mute-$who")
    expect "$who: a mute bus ends the check with an error" \
        "polkit error 1 47 internal error: polkit: the system bus at 'unix:path=$bus_sock' did not answer within 25 seconds" "$out"
    secs=$(echo "$out" | sed -n 's/^polkit error .* in \([0-9]*\)\..*/\1/p')
    check "$([ -n "$secs" ] && [ "$secs" -ge 24 ] && [ "$secs" -lt 30 ] && echo 0 || echo 1)" \
        "$who: the mute bus's error comes at the 25 s deadline (${secs:-?} s)"
done
stop_pid "$mute_pid"

finish
