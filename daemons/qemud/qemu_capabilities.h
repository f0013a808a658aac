/* What a qemu-system-* binary can do: probed once over QMP, cached on disk per binary, looked up by the driver. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "qemu_monitor.h"
#include "util/paths.h"

/* How long a probe may take, from starting QEMU to its exit. */
#define MV_QEMU_CAPS_PROBE_TIMEOUT_MS 30000

typedef struct _MvQemuCaps MvQemuCaps;

MvQemuCaps *mv_qemu_caps_ref(MvQemuCaps *caps);
void mv_qemu_caps_unref(MvQemuCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuCaps, mv_qemu_caps_unref)

/* The capabilities of binary (an absolute path): read from
 * cache_dir/<sha256 of the path>.json when that file describes the binary
 * as it is now (same size, mtime and ctime, same modvirt version, same
 * /dev/kvm access), otherwise probed (QEMU started in a private directory
 * below probe_dir, bounded by MV_QEMU_CAPS_PROBE_TIMEOUT_MS) and written
 * there. A cache file that cannot be read or written is logged and
 * ignored. NULL (reported) when the binary cannot be probed. */
MvQemuCaps *mv_qemu_caps_load(const char *binary, const char *cache_dir, const char *probe_dir);

/* The capabilities in a cache file as mv_qemu_caps_load() writes it,
 * taken as they are (no check against a binary): for tests and offline
 * tools. NULL after reporting when the file cannot be read. */
MvQemuCaps *mv_qemu_caps_load_file(const char *path);

/* The binaries a host has: qemu-system-{x86_64,i386,aarch64,...} found in
 * PATH or /usr/bin, and /usr/libexec/qemu-kvm; each once. */
GStrv mv_qemu_caps_find_binaries(void);

/* Many binaries, each probed at most once per change: a driver keeps one,
 * and its lookups re-check only the binary's stat data. Thread-safe. */
typedef struct _MvQemuCapsCache MvQemuCapsCache;

/* Cache files in mv_paths_driver_cache_dir(paths, "qemu")/capabilities,
 * probes below mv_paths_driver_run_dir(paths, "qemu"). */
MvQemuCapsCache *mv_qemu_caps_cache_new(const MvPaths *paths);
void mv_qemu_caps_cache_free(MvQemuCapsCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvQemuCapsCache, mv_qemu_caps_cache_free)

/* A reference to binary's capabilities (caller unrefs); NULL (reported) as
 * for mv_qemu_caps_load(). */
MvQemuCaps *mv_qemu_caps_cache_lookup(MvQemuCapsCache *cache, const char *binary);

const char *mv_qemu_caps_get_binary(const MvQemuCaps *caps);
/* The guest architecture the binary emulates, in libvirt's names
 * ("x86_64", "i686", "aarch64", ...). */
const char *mv_qemu_caps_get_arch(const MvQemuCaps *caps);
/* major * 1000000 + minor * 1000 + micro, as libvirt counts: 7002022. */
unsigned int mv_qemu_caps_get_version(const MvQemuCaps *caps);
/* The distribution's package string ("Debian 1:7.2+dfsg-7"), or "". */
const char *mv_qemu_caps_get_package(const MvQemuCaps *caps);
/* KVM worked when the binary was probed (query-kvm: enabled). */
bool mv_qemu_caps_has_kvm(const MvQemuCaps *caps);
/* True when this object came from the cache file, not from a probe. */
bool mv_qemu_caps_is_from_cache(const MvQemuCaps *caps);

/* MvQemuMachineInfo *, in QEMU's order; borrowed. */
const GPtrArray *mv_qemu_caps_list_machines(const MvQemuCaps *caps);
/* The default machine ("pc-i440fx-7.2"), or NULL when the binary has none. */
const MvQemuMachineInfo *mv_qemu_caps_get_default_machine(const MvQemuCaps *caps);
/* The machine named name or aliased by it ("pc" -> pc-i440fx-7.2), or NULL. */
const MvQemuMachineInfo *mv_qemu_caps_find_machine(const MvQemuCaps *caps, const char *name);

/* MvQemuCpuModelInfo *; borrowed. */
const GPtrArray *mv_qemu_caps_list_cpu_models(const MvQemuCaps *caps);
/* The non-abstract device types ("virtio-net-pci", ...), sorted; borrowed. */
const char *const *mv_qemu_caps_list_devices(const MvQemuCaps *caps);
bool mv_qemu_caps_has_device(const MvQemuCaps *caps, const char *type);

/* The CPU models as usable under KVM (kvm true: what
 * mv_qemu_caps_list_cpu_models() gives) or under TCG; borrowed. */
const GPtrArray *mv_qemu_caps_list_cpu_models_for(const MvQemuCaps *caps, bool kvm);
/* Whether QEMU has the non-abstract QOM type ("iothread", "rng-random",
 * "memory-backend-memfd", devices too). */
bool mv_qemu_caps_has_type(const MvQemuCaps *caps, const char *type);
/* Whether QEMU has the QMP command ("query-spice"). */
bool mv_qemu_caps_has_command(const MvQemuCaps *caps, const char *command);
/* Whether -display takes the backend ("sdl", "egl-headless", "dbus"). */
bool mv_qemu_caps_has_display_type(const MvQemuCaps *caps, const char *type);
