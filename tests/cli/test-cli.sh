#!/bin/sh
# The modvirt CLI against test:///default: exact stdout, stderr and exit code per case (TAP).
modvirt="${MODVIRT_BUILDDIR:?}/tools/modvirt"
dir="${MODVIRT_SRCDIR:?}/tests/cli"
exp="$dir/expected"
uri=test:///default
virsh=$(command -v virsh)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tab=$(printf '\t')
n=0
failed=0

ok() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=1
    fi
}

skip() {
    n=$((n + 1))
    echo "ok $n # SKIP $1"
}

# same NAME RC GOT_RC: the outputs in $tmp/out and $tmp/err are expected/NAME.{out,err}.
same() {
    if [ "$3" = "$2" ] && cmp -s "$exp/$1.out" "$tmp/out" && cmp -s "$exp/$1.err" "$tmp/err"; then
        return 0
    fi
    echo "# $1: exit $3, expected $2" >&2
    diff "$exp/$1.out" "$tmp/out" | sed 's/^/# /' >&2
    diff "$exp/$1.err" "$tmp/err" | sed 's/^/# /' >&2
    return 1
}

# The data-driven cases, run from data/ so that file names print as given.
cd "$dir/data" || exit 1
while IFS="$tab" read -r name ref rc cmd; do
    case "$name" in ''|'#'*) continue ;; esac
    "$modvirt" -c "$uri" "$cmd" >"$tmp/out" 2>"$tmp/err"
    same "$name" "$rc" $?
    ok $? "$name: modvirt '$cmd'"
    if [ "$ref" = virsh ]; then
        if [ -n "$virsh" ]; then
            "$virsh" -c "$uri" "$cmd" >"$tmp/out" 2>"$tmp/err"
            same "$name" "$rc" $?
            ok $? "$name: Debian's virsh prints the same"
        else
            skip "$name: virsh is not installed"
        fi
    fi
done <"$dir/cases.txt"

# A command given as several arguments, ";" as an argument of its own.
"$modvirt" -c "$uri" domstate test --reason >"$tmp/out" 2>"$tmp/err"
same domstate-reason 0 $?
ok $? "argv mode: domstate test --reason"
"$modvirt" -c "$uri" destroy test ';' list --all ';' domstate test --reason ';' start test ';' list \
    >"$tmp/out" 2>"$tmp/err"
same destroy 0 $?
ok $? "argv mode: ';' separates commands"

# The interactive prompt, fed from stdin.
printf 'list\ndomstate test\nfoo\nquit\n' | "$modvirt" -c "$uri" >"$tmp/out" 2>"$tmp/err"
same interactive 0 $?
ok $? "interactive: prompt, echo, error, quit"
printf 'define domain.xml\nlist --all\n' | "$modvirt" -c "$uri" >"$tmp/out" 2>"$tmp/err"
same interactive-eof 0 $?
ok $? "interactive: state kept between lines, end of input ends"
printf 'destroy test\n' | "$modvirt" -r -c "$uri" >"$tmp/out" 2>"$tmp/err"
same interactive-readonly 0 $?
ok $? "interactive: read-only prompt"

# Global options.
"$modvirt" -r -c "$uri" destroy test >"$tmp/out" 2>"$tmp/err"
same readonly-destroy 1 $?
ok $? "-r: a mutating command is refused"
"$modvirt" --readonly --connect="$uri" list --name >"$tmp/out" 2>"$tmp/err"
same list-name 0 $?
ok $? "--readonly: reading works"
"$modvirt" -q -c "$uri" 'destroy test; domstate test; start test; dominfo nope' >"$tmp/out" 2>"$tmp/err"
same quiet 1 $?
ok $? "-q: no confirmations, no blank lines"
"$modvirt" -c "$uri" help >"$tmp/out" 2>"$tmp/err"
same help 0 $?
ok $? "help lists the commands by group"

# check_err RC STDERR ARGS...: exit code and stderr of a run with no output.
check_err() {
    want_rc=$1
    want_err=$2
    shift 2
    "$modvirt" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    [ "$rc" = "$want_rc" ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "$want_err" ]
}

check_err 1 "error: unsupported option '-x'. See --help." -x
ok $? "unknown short option"
check_err 1 "error: unsupported option '--bogus'. See --help." --bogus
ok $? "unknown long option"
check_err 1 "error: option '-c'/'--connect' requires an argument" -c
ok $? "-c without a URI"
check_err 1 "error: failed to connect to the hypervisor
error: no connection driver available for nosuch:///x" -c nosuch:///x list
ok $? "a URI no driver serves"

"$modvirt" -v >"$tmp/out" 2>&1
[ $? = 0 ] && [ "$(cat "$tmp/out")" = 9.0.0 ]
ok $? "-v prints the version"
"$modvirt" -h >"$tmp/out" 2>&1
[ $? = 0 ] && grep -q '^modvirt \[options\]... <command> \[args...\]$' "$tmp/out" &&
    grep -q '^    net-list ' "$tmp/out"
ok $? "-h prints usage and the commands"

echo "1..$n"
exit $failed
