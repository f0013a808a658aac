#!/usr/bin/env bash
# Builds the end-to-end test guest: Debian's kernel plus a tiny busybox initramfs that reports on ttyS0.
#
# Usage: build-guest.sh [DIR]   (default: $MODVIRT_BUILDDIR/tests/guest-assets,
#                                or build/tests/guest-assets)
# Leaves DIR/vmlinuz and DIR/initramfs.img (both mode 0644); does nothing
# when both are there already, built by this version of the script.
# Needs busybox-static and linux-image-amd64.
#
# The guest's /init mounts proc, sys and dev, loads the ACPI button and evdev
# modules, starts busybox acpid (the power button runs `poweroff -f`), prints
# MODVIRT-GUEST-BOOTED and `uname -r` on the console, then sleeps forever, or
# powers off at once when the kernel command line has modvirt.poweroff=1.
# With modvirt.dhcp=1 it runs busybox udhcpc on eth0 (an e1000 NIC: its
# driver is in the initramfs) and prints `MODVIRT-GUEST-DHCP eth0 ADDRESS`
# on the console once it has a lease (MODVIRT-GUEST-DHCP-FAILED if not).
set -euo pipefail

dir=${1:-${MODVIRT_BUILDDIR:-build}/tests/guest-assets}

stamp=$(sha256sum < "$0" | cut -d' ' -f1)
if [ -s "$dir/vmlinuz" ] && [ -s "$dir/initramfs.img" ] &&
   [ "$(cat "$dir/.built-by" 2>/dev/null)" = "$stamp" ]; then
    exit 0
fi

busybox=/bin/busybox
# grep reads all of the list: with -q it would stop early and, under
# pipefail, busybox killed by SIGPIPE would fail the check.
if ! "$busybox" --list 2>/dev/null | grep -x acpid >/dev/null; then
    echo "build-guest.sh: $busybox is missing or not busybox-static (apt-get install busybox-static)" >&2
    exit 1
fi
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
    echo "build-guest.sh: no readable /boot/vmlinuz-* (apt-get install linux-image-amd64)" >&2
    exit 1
fi
kver=${kernel#/boot/vmlinuz-}
moddir=/lib/modules/$kver/kernel

mkdir -p "$dir"
work=$(mktemp -d "$dir/.build-XXXXXX")
trap 'rm -rf "$work"' EXIT

root=$work/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/modules,etc/acpi/PWRF,etc/udhcpc}
cp "$busybox" "$root/bin/busybox"
for mod in drivers/acpi/button.ko drivers/input/evdev.ko drivers/net/ethernet/intel/e1000/e1000.ko; do
    if [ -r "$moddir/$mod" ]; then
        cp "$moddir/$mod" "$root/lib/modules/"
    fi
done

cat > "$root/etc/acpi/PWRF/00000080" <<'SCRIPT'
#!/bin/sh
echo "MODVIRT-GUEST-POWER-BUTTON" > /dev/console
poweroff -f
SCRIPT
chmod 0755 "$root/etc/acpi/PWRF/00000080"

cat > "$root/etc/udhcpc/default.script" <<'SCRIPT'
#!/bin/sh
case "$1" in
bound|renew)
    ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" up
    echo "MODVIRT-GUEST-DHCP $interface $ip" > /dev/console
    ;;
esac
SCRIPT
chmod 0755 "$root/etc/udhcpc/default.script"

cat > "$root/init" <<'SCRIPT'
#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for mod in /lib/modules/*.ko; do
    [ -e "$mod" ] && insmod "$mod" 2>/dev/null
done
acpid -c /etc/acpi -l /tmp/acpid.log
echo "MODVIRT-GUEST-BOOTED"
uname -r
if grep -q 'modvirt.echo=1' /proc/cmdline; then
    # Console input test: each line typed on the console comes back marked.
    (while read -r line; do echo "MODVIRT-GUEST-ECHO $line"; done) < /dev/console &
fi
if grep -q 'modvirt.poweroff=1' /proc/cmdline; then
    poweroff -f
fi
if grep -q 'modvirt.dhcp=1' /proc/cmdline; then
    (ifconfig eth0 up &&
     udhcpc -i eth0 -s /etc/udhcpc/default.script -t 30 -T 2 -n -q >/dev/null 2>&1 ||
     echo "MODVIRT-GUEST-DHCP-FAILED" > /dev/console) &
fi
while true; do
    sleep 3600
done
SCRIPT
chmod 0755 "$root/init"

(cd "$root" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -9) > "$work/initramfs.img"
install -m 0644 "$kernel" "$work/vmlinuz"
chmod 0644 "$work/initramfs.img"
mv "$work/initramfs.img" "$dir/initramfs.img"
mv "$work/vmlinuz" "$dir/vmlinuz"
echo "$stamp" > "$work/.built-by"
mv "$work/.built-by" "$dir/.built-by"
echo "build-guest.sh: kernel $kver and initramfs in $dir"
