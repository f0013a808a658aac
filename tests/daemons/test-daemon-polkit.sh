#!/bin/bash
# polkit on the daemons' read-write sockets (TAP): Debian's polkitd on a private system bus, in a private mount namespace, asked for clients of other uids.
#
# Nothing of the host changes: the policy and the rules polkitd reads are
# tmpfs mounts seen only in this script's mount namespace, and the bus is
# a dbus-daemon of its own. Needs root (the namespace, clients of other
# uids). When polkitd cannot run, the polkit answers are skipped, saying
# why, and the protocol side is still tested. Every wait is bounded; only
# the processes started here are stopped, by pid.

python=/usr/bin/python3
polkitd=/usr/lib/polkit-1/polkitd
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
        *) check 1 "$1"; echo "# wanted: $2"; echo "# got: $3" | sed '2,$s/^/# /' ;;
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
chmod 0644 "$root/lv.py" "$root/wire.py"

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

# polkitd gone (or never started), the bus still up: a clear error at once.
if [ -S "$bus_sock" ]; then
    [ -z "$polkitd_pid" ] || stop_pid "$polkitd_pid"
    out=$(as "$allowed_user" "$python" "$root/wire.py" "$net_rw" list polkit)
    expect "without polkitd: a D-Bus error naming polkit" \
        "polkit error 89 47 error from service: polkit is not running: org.freedesktop.PolicyKit1 has no owner" "$out"
    secs=$(echo "$out" | sed -n 's/^polkit error .* in \([0-9]*\)\..*/\1/p')
    check "$([ -n "$secs" ] && [ "$secs" -lt 5 ] && echo 0 || echo 1)" \
        "without polkitd: the error comes in under 5 s (${secs:-?} s)"
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
