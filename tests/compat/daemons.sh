# Sourced by the compatibility and CLI tests: TAP helpers and modvirt daemons started under a temporary --root.
# Needs MODVIRT_BUILDDIR. Every wait is bounded; only the daemons started here are stopped, by pid.
# Before sourcing: daemon_timeout (the daemons' --timeout, 30 unless set) and
# daemon_env ("NAME=VALUE ..." added to the daemons' environment only).

n=0
fail=0
pids=""
root=$(mktemp -d) || exit 1
# virsh and libvirt keep history and caches in the home directory: not the user's.
export HOME="$root/home" XDG_CONFIG_HOME="$root/home/.config" XDG_CACHE_HOME="$root/home/.cache"
export XDG_RUNTIME_DIR="$root/home/run"
mkdir -p "$XDG_RUNTIME_DIR"
unset LIBVIRT_DEFAULT_URI VIRSH_DEFAULT_CONNECT_URI

check() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

# Waits up to 10 s for pid to end; SIGKILL then.
stop_pid() {
    kill -TERM "$1" 2>/dev/null || return 0
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

cleanup() {
    for p in $pids; do stop_pid "$p"; done
    rm -rf "$root"
}
trap cleanup EXIT
# Interrupted or terminated (meson's timeout), the script still ends
# through cleanup; a SIGKILL leaves the daemons to their --timeout.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

find_daemon() {
    find "${MODVIRT_BUILDDIR:?}/daemons" -type f -name "modvirt-$1" -perm -u+x | head -n 1
}

# start_daemon NAME: modvirt-NAME --root $root, waits up to 10 s for its socket.
start_daemon() {
    bin=$(find_daemon "$1")
    [ -n "$bin" ] || { echo "# modvirt-$1 is not built"; return 1; }
    # --timeout: a daemon this script fails to stop exits once idle.
    # shellcheck disable=SC2086 # daemon_env: words, each NAME=VALUE
    env ${daemon_env:-} "$bin" --root "$root" --timeout "${daemon_timeout:-30}" 2>"$root/$1.stderr" &
    pids="$pids $!"
    i=0
    while [ ! -S "$root/run/modvirt/$1-sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -S "$root/run/modvirt/$1-sock" ] || { sed 's/^/# /' "$root/$1.stderr"; return 1; }
}

sock() {
    echo "$root/run/modvirt/$1"
}

finish() {
    echo "1..$n"
    exit $fail
}
