#!/bin/sh
# Every API name modvirt's error texts give for a remote procedure
# ("read only access prevents virDomainDefineXML", "this function is not
# supported by the connection driver: virDomainXxx") is a function Debian's
# libvirt.so.0 really exports, but for the procedures that are no API (TAP).
lib=$(ls /usr/lib/*/libvirt.so.0 2>/dev/null | head -n 1)
if [ -z "$lib" ] || ! command -v nm >/dev/null; then
    echo "1..0 # SKIP Debian's libvirt.so.0 (package libvirt0) or nm (binutils) is missing"
    exit 0
fi
table="${MODVIRT_BUILDDIR:?}/protocol/remote_dispatch.c"
if [ ! -f "$table" ]; then
    echo "Bail out! $table is not generated: build first"
    exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '{ print $3 }' | sed 's/@.*//' | sort -u >"$tmp/libvirt"
sed -n '/api_names\[\] = {/,/};/p' "$table" | grep -o '"vir[A-Za-z0-9]*"' | tr -d '"' \
    | sort -u >"$tmp/ours"
# Server-to-client event messages and the auth handshake have no API of their own.
cat >"$tmp/not-api" <<'LIST'
virAuthList
virAuthPolkit
virDomainEventCallbackDeviceRemoved
virDomainEventCallbackLifecycle
virDomainEventCallbackReboot
virDomainEventDeviceRemoved
virDomainEventLifecycle
virDomainEventReboot
virNetworkEventLifecycle
virNodeDeviceEventLifecycle
LIST

n=0
fail=0
ours=$(wc -l <"$tmp/ours")
n=$((n + 1))
if [ "$ours" -ge 50 ]; then
    echo "ok $n - the remote table names $ours APIs"
else
    echo "not ok $n - the remote table names only $ours APIs"
    fail=1
fi
comm -23 "$tmp/ours" "$tmp/libvirt" | grep -vxF -f "$tmp/not-api" >"$tmp/unknown"
n=$((n + 1))
if [ -s "$tmp/unknown" ]; then
    echo "not ok $n - names libvirt.so.0 does not export:"
    sed 's/^/#   /' "$tmp/unknown"
    fail=1
else
    echo "ok $n - every name is one of libvirt.so.0's functions"
fi
echo "1..$n"
exit $fail
