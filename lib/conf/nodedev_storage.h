/* Node device storage capability (<capability type='storage'>): a block device, its size and removable media. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "xml.h"

typedef struct {
    char *block;                /* /dev/sda */
    char *bus;
    char *drive_type;
    char *model;
    char *vendor;
    char *serial;
    uint64_t size;              /* bytes, fixed media */
    /* Filled by the node device driver; libvirt's parser never reads
     * them, so a parsed document leaves them out (0). */
    uint64_t logical_block_size;
    uint64_t num_blocks;
    bool removable;
    bool media_available;
    uint64_t media_size;
    char *media_label;
    bool hotpluggable;
} MvNodeDevStorage;

void mv_nodedev_storage_clear(MvNodeDevStorage *storage);
int mv_nodedev_storage_parse(const xmlNode *node, const char *dev_name, MvNodeDevStorage *storage);
void mv_nodedev_storage_format(MvXmlBuf *buf, const MvNodeDevStorage *storage);
