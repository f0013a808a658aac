#!/bin/sh
# modvirt-xml end to end: exit codes and output for good, bad and misused input (TAP).
tool="$1"
data="$MODVIRT_SRCDIR/tests/conf/network"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0

check() {
    n=$((n + 1))
    if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

"$tool" format "$data/nat-basic.xml" >"$tmp/out" 2>"$tmp/err"
check $? "format of a good network exits 0"
cmp -s "$tmp/out" "$data/nat-basic.out.xml"
check $? "format prints the canonical form"
test ! -s "$tmp/err"
check $? "format of a good network writes nothing to stderr"

"$tool" format --inactive "$data/live-connections.xml" >"$tmp/out" 2>/dev/null
cmp -s "$tmp/out" "$data/live-connections.inactive.out.xml"
check $? "format --inactive drops live state"

"$tool" validate "$data/nat-basic.xml" >"$tmp/out" 2>&1
check $? "validate of a good network exits 0"

"$tool" format "$data/ip-bad-address.xml" >"$tmp/out" 2>"$tmp/err"
test $? = 1
check $? "format of a bad network exits 1"
grep -q "Invalid address '192.168.300.1' in network 'badaddr'" "$tmp/err"
check $? "stderr names the bad value and the network"
test ! -s "$tmp/out"
check $? "nothing on stdout for bad input"

printf '<network><name>x</name>' >"$tmp/broken.xml"
"$tool" validate "$tmp/broken.xml" 2>"$tmp/err"
test $? = 1
check $? "validate of malformed XML exits 1"
grep -q "at line 1" "$tmp/err"
check $? "malformed XML error gives the line"

printf '<pool/>' >"$tmp/pool.xml"
"$tool" validate "$tmp/pool.xml" 2>"$tmp/err"
test $? = 1
check $? "unknown root element exits 1"
grep -q "root element 'pool'" "$tmp/err"
check $? "unknown root element is named"

"$tool" validate "$tmp/missing.xml" 2>/dev/null
test $? = 1
check $? "unreadable file exits 1"

"$tool" 2>/dev/null
test $? = 2
check $? "no command exits 2"
"$tool" frobnicate x 2>/dev/null
test $? = 2
check $? "unknown command exits 2"
"$tool" format 2>/dev/null
test $? = 2
check $? "missing FILE exits 2"
"$tool" validate --inactive x 2>/dev/null
test $? = 2
check $? "option of another command exits 2"

"$tool" format - <"$data/nat-basic.xml" >"$tmp/out"
cmp -s "$tmp/out" "$data/nat-basic.out.xml"
check $? "'-' reads stdin"

echo "1..$n"
exit $fail
