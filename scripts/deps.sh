#!/usr/bin/env bash
# Installs everything modvirt needs to build and to run its tests on Debian 12.
# Idempotent; needs root (apt-get).
set -euo pipefail

packages=(
    # build
    gcc meson ninja-build pkg-config rpcsvc-proto
    libglib2.0-dev libxml2-dev libtirpc-dev libnl-3-dev libnl-route-3-dev
    libpciaccess-dev libudev-dev libsystemd-dev libpolkit-gobject-1-dev libjson-glib-dev
    # node devices: PCI vendor and product names
    pci.ids
    # tests: sanitizers and fuzzers, unit-file checks, socket activation
    clang libclang-rt-14-dev systemd libxml2-utils python3
    # network tests: dnsmasq, nft, ip netns, udhcpc/nslookup/ping (busybox)
    dnsmasq-base nftables iproute2 busybox-static
    # compatibility tests: Debian's virsh and python3-libvirt against modvirt's daemons
    libvirt-clients python3-libvirt
    # polkit tests: a private system bus and Debian's polkitd
    dbus-daemon polkitd libglib2.0-bin
    # QEMU driver and its end-to-end guest (kernel + busybox initramfs)
    qemu-system-x86 qemu-utils busybox-static linux-image-amd64
)

if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: run as root (it calls apt-get)" >&2
    exit 1
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
    apt-get install -y --no-install-recommends "${missing[@]}"
fi
