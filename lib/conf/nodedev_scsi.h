/* Node device SCSI capabilities: scsi_host (with fc_host and vport_ops), scsi_target (with fc_remote_port), scsi (a LUN). */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "xml.h"

typedef struct {
    unsigned int host;
    int unique_id;              /* -1: not known */
    bool fc_host;
    char *wwnn;
    char *wwpn;
    char *fabric_wwn;
    bool vport_ops;
    /* Filled by the node device driver; libvirt's parser never reads them,
     * so a parsed document writes 0 back. */
    int max_vports;
    int vports;
} MvNodeDevScsiHost;

typedef struct {
    char *name;
    bool fc_remote_port;
    char *rport;
    char *wwpn;
} MvNodeDevScsiTarget;

typedef struct {
    unsigned int host;
    unsigned int bus;
    unsigned int target;
    unsigned int lun;
    char *type;                 /* "disk", "cdrom", ... */
} MvNodeDevScsi;

void mv_nodedev_scsi_host_clear(MvNodeDevScsiHost *host);
int mv_nodedev_scsi_host_parse(const xmlNode *node, const char *dev_name, MvNodeDevScsiHost *host);
void mv_nodedev_scsi_host_format(MvXmlBuf *buf, const MvNodeDevScsiHost *host);

void mv_nodedev_scsi_target_clear(MvNodeDevScsiTarget *target);
int mv_nodedev_scsi_target_parse(const xmlNode *node, const char *dev_name, MvNodeDevScsiTarget *target);
void mv_nodedev_scsi_target_format(MvXmlBuf *buf, const MvNodeDevScsiTarget *target);

void mv_nodedev_scsi_clear(MvNodeDevScsi *scsi);
int mv_nodedev_scsi_parse(const xmlNode *node, const char *dev_name, MvNodeDevScsi *scsi);
void mv_nodedev_scsi_format(MvXmlBuf *buf, const MvNodeDevScsi *scsi);
