/* Node device SCSI capabilities: scsi_host (with fc_host and vport_ops), scsi_target (with fc_remote_port), scsi (a LUN). */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_scsi.h"

#include <string.h>

#include "nodedev_common.h"
#include "util/error.h"

void
mv_nodedev_scsi_host_clear(MvNodeDevScsiHost *host)
{
    g_free(host->wwnn);
    g_free(host->wwpn);
    g_free(host->fabric_wwn);
}

/* A definition read from XML cannot make up WWNs: libvirt generates them
 * only for a vHBA being created, so here a missing one is an error. */
static int
fc_host_parse(const xmlNode *node, const char *dev_name, MvNodeDevScsiHost *host)
{
    g_free(host->wwnn);
    g_free(host->wwpn);
    g_free(host->fabric_wwn);
    host->wwnn = mv_xml_child_text(node, "wwnn");
    host->wwpn = mv_xml_child_text(node, "wwpn");
    host->fabric_wwn = mv_xml_child_text(node, "fabric_wwn");
    if (!host->wwnn) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "no WWNN supplied for '%s', and auto-generation failed", dev_name);
        return -1;
    }
    if (!host->wwpn) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "no WWPN supplied for '%s', and auto-generation failed", dev_name);
        return -1;
    }
    host->fc_host = true;
    return 0;
}

int
mv_nodedev_scsi_host_parse(const xmlNode *node, const char *dev_name, MvNodeDevScsiHost *host)
{
    g_autofree char *unique_id = NULL;

    if (mv_nodedev_child_uint(node, "host", 10, dev_name, "SCSI host ID", &host->host) < 0)
        return -1;
    host->unique_id = -1;
    unique_id = mv_xml_child_text(node, "unique_id");
    if (mv_nodedev_text_int_optional(unique_id, dev_name, "unique_id", &host->unique_id) < 0)
        return -1;

    for (xmlNode *cur = mv_xml_child(node, "capability"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *type = mv_xml_prop(cur, "type");

        if (!type) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "missing SCSI host capability type for '%s'",
                            dev_name);
            return -1;
        }
        if (strcmp(type, "vport_ops") == 0) {
            host->vport_ops = true;
        } else if (strcmp(type, "fc_host") == 0) {
            if (fc_host_parse(cur, dev_name, host) < 0)
                return -1;
        } else {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "unknown SCSI host capability type '%s' for '%s'",
                            type, dev_name);
            return -1;
        }
    }
    return 0;
}

void
mv_nodedev_scsi_host_format(MvXmlBuf *buf, const MvNodeDevScsiHost *host)
{
    mv_nodedev_text_printf(buf, "host", "%d", (int) host->host);
    if (host->unique_id != -1)
        mv_nodedev_text_printf(buf, "unique_id", "%d", host->unique_id);
    if (host->fc_host) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", "fc_host");
        mv_xml_buf_open_children(buf);
        mv_xml_buf_text_element(buf, "wwnn", host->wwnn);
        mv_xml_buf_text_element(buf, "wwpn", host->wwpn);
        mv_xml_buf_text_element(buf, "fabric_wwn", host->fabric_wwn);
        mv_xml_buf_end(buf);
    }
    if (host->vport_ops) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", "vport_ops");
        mv_nodedev_text_printf(buf, "max_vports", "%d", host->max_vports);
        mv_nodedev_text_printf(buf, "vports", "%d", host->vports);
        mv_xml_buf_end(buf);
    }
}

void
mv_nodedev_scsi_target_clear(MvNodeDevScsiTarget *target)
{
    g_free(target->name);
    g_free(target->rport);
    g_free(target->wwpn);
}

int
mv_nodedev_scsi_target_parse(const xmlNode *node, const char *dev_name, MvNodeDevScsiTarget *target)
{
    if (!(target->name = mv_xml_child_text(node, "target"))) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "no target name supplied for '%s'", dev_name);
        return -1;
    }
    for (xmlNode *cur = mv_xml_child(node, "capability"); cur; cur = mv_xml_next(cur)) {
        g_autofree char *type = mv_xml_prop(cur, "type");

        if (!type) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "missing type for SCSI target capability for '%s'",
                            dev_name);
            return -1;
        }
        if (strcmp(type, "fc_remote_port") != 0) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "unknown SCSI target capability type '%s' for '%s'",
                            type, dev_name);
            return -1;
        }
        g_free(target->rport);
        g_free(target->wwpn);
        target->wwpn = NULL;
        if (!(target->rport = mv_xml_child_text(cur, "rport"))) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "missing rport name for '%s'", dev_name);
            return -1;
        }
        if (!(target->wwpn = mv_xml_child_text(cur, "wwpn"))) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "missing wwpn identifier for '%s'", dev_name);
            return -1;
        }
        target->fc_remote_port = true;
    }
    return 0;
}

void
mv_nodedev_scsi_target_format(MvXmlBuf *buf, const MvNodeDevScsiTarget *target)
{
    mv_xml_buf_text_element(buf, "target", target->name);
    if (target->fc_remote_port) {
        mv_xml_buf_start(buf, "capability");
        mv_xml_buf_attr(buf, "type", "fc_remote_port");
        mv_xml_buf_text_element(buf, "rport", target->rport);
        mv_xml_buf_text_element(buf, "wwpn", target->wwpn);
        mv_xml_buf_end(buf);
    }
}

void
mv_nodedev_scsi_clear(MvNodeDevScsi *scsi)
{
    g_free(scsi->type);
}

int
mv_nodedev_scsi_parse(const xmlNode *node, const char *dev_name, MvNodeDevScsi *scsi)
{
    if (mv_nodedev_child_uint(node, "host", 10, dev_name, "SCSI host ID", &scsi->host) < 0 ||
        mv_nodedev_child_uint(node, "bus", 10, dev_name, "SCSI bus ID", &scsi->bus) < 0 ||
        mv_nodedev_child_uint(node, "target", 10, dev_name, "SCSI target ID", &scsi->target) < 0 ||
        mv_nodedev_child_uint(node, "lun", 10, dev_name, "SCSI LUN ID", &scsi->lun) < 0)
        return -1;
    scsi->type = mv_xml_child_text(node, "type");
    return 0;
}

void
mv_nodedev_scsi_format(MvXmlBuf *buf, const MvNodeDevScsi *scsi)
{
    mv_nodedev_text_printf(buf, "host", "%d", (int) scsi->host);
    mv_nodedev_text_printf(buf, "bus", "%d", (int) scsi->bus);
    mv_nodedev_text_printf(buf, "target", "%d", (int) scsi->target);
    mv_nodedev_text_printf(buf, "lun", "%d", (int) scsi->lun);
    mv_xml_buf_text_element(buf, "type", scsi->type);
}
