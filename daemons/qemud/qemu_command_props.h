/* QEMU option strings ("driver,key=value,..."): escaping, on/off, PCI and drive addresses, device ids. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "qemu_capabilities.h"
#include "util/command.h"

typedef struct _MvQemuProps MvQemuProps;

/* Starts an option string with its first, unkeyed part ("virtio-net-pci",
 * "tap"); first may be NULL for a string of key=value pairs only. */
MvQemuProps *mv_qemu_props_new(const char *first);
void mv_qemu_props_free(MvQemuProps *props);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuProps, mv_qemu_props_free)

/* key=value with the commas of value doubled, as QEMU's option parser
 * reads them; nothing when value is NULL. */
void mv_qemu_props_add_str(MvQemuProps *props, const char *key, const char *value);
void mv_qemu_props_add_uint(MvQemuProps *props, const char *key, unsigned long long value);
void mv_qemu_props_add_hex(MvQemuProps *props, const char *key, unsigned int value);
void mv_qemu_props_add_onoff(MvQemuProps *props, const char *key, bool value);

/* bus=pci.B,addr=0xS[.0xF][,multifunction=on|off] for a PCI address
 * (bus names are those of the PCI controllers: "pci.0", "pcie.0" for a
 * pcie-root at index 0, "pci.N" otherwise); nothing for other types. */
void mv_qemu_props_add_pci_address(MvQemuProps *props, const MvDomainDeviceInfo *info,
                                   bool pcie_root);

/* The finished string; props is freed. */
char *mv_qemu_props_finish(MvQemuProps *props);

/* The device's alias, which the command line uses as its id; NULL after
 * reporting VIR_ERR_INTERNAL_ERROR when aliases were not assigned (see
 * mv_qemu_domain_assign_aliases). what names the device in the message. */
const char *mv_qemu_device_id(const MvDomainDeviceInfo *info, const char *what);

/* The bootindex of disk number i (of def->disks) and of interface number
 * i: its <boot order=>, or what <os><boot dev=> gives it as libvirt maps
 * it (the first disk of each device kind, the first interface); 0 for
 * none. */
unsigned int mv_qemu_boot_index_disk(const MvDomainDef *def, guint i);
unsigned int mv_qemu_boot_index_net(const MvDomainDef *def, guint i);

/* Adds option (e.g. "-device") and the finished string of props, which
 * is freed. */
void mv_qemu_props_add_to_command(MvCommand *cmd, const char *option, MvQemuProps *props);

/* 0 when the binary has the device type; -1 after reporting
 * VIR_ERR_CONFIG_UNSUPPORTED naming it and what needs it otherwise. */
int mv_qemu_require_device(const MvQemuCaps *caps, const char *type, const char *what);

/* rombar= and romfile= of <rom bar= file= enabled=> (romfile= empty
 * when the ROM is disabled). */
void mv_qemu_props_add_rom(MvQemuProps *props, const MvDomainDeviceInfo *info);
