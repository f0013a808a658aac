/* Node device storage capability (<capability type='storage'>): a block device, its size and removable media. */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_storage.h"

#include <string.h>

#include "nodedev_common.h"
#include "util/error.h"

void
mv_nodedev_storage_clear(MvNodeDevStorage *storage)
{
    g_free(storage->block);
    g_free(storage->bus);
    g_free(storage->drive_type);
    g_free(storage->model);
    g_free(storage->vendor);
    g_free(storage->serial);
    g_free(storage->media_label);
}

/* Media is available when any <media_available> says exactly 1. */
static bool
media_available(const xmlNode *node)
{
    for (xmlNode *cur = mv_xml_child(node, "media_available"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *text = mv_xml_content(cur);

        if (g_strcmp0(text, "1") == 0)
            return true;
    }
    return false;
}

static int
removable_parse(const xmlNode *node, const char *dev_name, MvNodeDevStorage *storage)
{
    storage->removable = true;
    if (media_available(node))
        storage->media_available = true;
    g_free(storage->media_label);
    storage->media_label = mv_xml_child_text(node, "media_label");
    return mv_nodedev_child_uint64(node, "media_size", dev_name, "removable media size",
                                   &storage->media_size);
}

int
mv_nodedev_storage_parse(const xmlNode *node, const char *dev_name, MvNodeDevStorage *storage)
{
    if (!(storage->block = mv_xml_child_text(node, "block"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no block device path supplied for '%s'", dev_name);
        return -1;
    }
    storage->bus = mv_xml_child_text(node, "bus");
    storage->drive_type = mv_xml_child_text(node, "drive_type");
    storage->model = mv_xml_child_text(node, "model");
    storage->vendor = mv_xml_child_text(node, "vendor");
    storage->serial = mv_xml_child_text(node, "serial");

    for (xmlNode *cur = mv_xml_child(node, "capability"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *type = mv_xml_prop(cur, "type");

        if (!type) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "missing storage capability type for '%s'",
                            dev_name);
            return -1;
        }
        if (strcmp(type, "hotpluggable") == 0) {
            storage->hotpluggable = true;
        } else if (strcmp(type, "removable") == 0) {
            if (removable_parse(cur, dev_name, storage) < 0)
                return -1;
        } else {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "unknown storage capability type '%s' for '%s'",
                            type, dev_name);
            return -1;
        }
    }

    if (!storage->removable &&
        mv_nodedev_child_uint64(node, "size", dev_name, "size", &storage->size) < 0)
        return -1;
    return 0;
}

static void
blocks_format(MvXmlBuf *buf, const MvNodeDevStorage *storage)
{
    if (storage->logical_block_size > 0)
        mv_nodedev_text_printf(buf, "logical_block_size", "%" G_GUINT64_FORMAT,
                               storage->logical_block_size);
    if (storage->num_blocks > 0)
        mv_nodedev_text_printf(buf, "num_blocks", "%" G_GUINT64_FORMAT, storage->num_blocks);
}

void
mv_nodedev_storage_format(MvXmlBuf *buf, const MvNodeDevStorage *storage)
{
    mv_xml_buf_text_element(buf, "block", storage->block);
    mv_xml_buf_text_element(buf, "bus", storage->bus);
    mv_xml_buf_text_element(buf, "drive_type", storage->drive_type);
    mv_xml_buf_text_element(buf, "model", storage->model);
    mv_xml_buf_text_element(buf, "vendor", storage->vendor);
    mv_xml_buf_text_element(buf, "serial", storage->serial);
    if (storage->removable) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", "removable");
        mv_nodedev_text_printf(buf, "media_available", "%d", storage->media_available ? 1 : 0);
        mv_nodedev_text_printf(buf, "media_size", "%" G_GUINT64_FORMAT, storage->media_size);
        mv_xml_buf_text_element(buf, "media_label", storage->media_label);
        blocks_format(buf, storage);
        mv_xml_buf_end(buf);
    } else {
        mv_nodedev_text_printf(buf, "size", "%" G_GUINT64_FORMAT, storage->size);
        blocks_format(buf, storage);
    }
    if (storage->hotpluggable) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", "hotpluggable");
        mv_xml_buf_end(buf);
    }
}
