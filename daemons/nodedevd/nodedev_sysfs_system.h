/* The host itself ("computer") from DMI (/sys/class/dmi/id), and DRM devices (/sys/class/drm). */
#pragma once

#include <glib.h>

#include "nodedev_sysfs.h"

/* The "computer" definition: product, hardware and firmware from DMI;
 * fields the host does not have stay empty. */
MvNodeDevDef *mv_nodedev_sysfs_system_read(MvNodeDevSysfs *fs);

/* Adds drm_card0 / drm_renderD128 definitions (DRM minors, not connectors). */
void mv_nodedev_sysfs_drm_scan(MvNodeDevSysfs *fs, GPtrArray *defs);
