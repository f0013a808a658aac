/* Node device PCI capability (<capability type='pci'>): address, ids, SR-IOV, mdev types, IOMMU group, NUMA, PCI Express links. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "nodedev_common.h"
#include "xml.h"
#include "util/enum.h"
#include "util/pciaddr.h"

typedef enum {
    MV_PCIE_SPEED_NONE = 0,
    MV_PCIE_SPEED_2_5,
    MV_PCIE_SPEED_5,
    MV_PCIE_SPEED_8,
    MV_PCIE_SPEED_16,
    MV_PCIE_SPEED_32,
    MV_PCIE_SPEED_64,
    MV_PCIE_SPEED_LAST
} MvPcieLinkSpeed;
MV_ENUM_DECL(mv_pcie_link_speed);

/* The header types libvirt names; an endpoint (0) is not written. */
typedef enum {
    MV_PCI_HEADER_ENDPOINT = 0,
    MV_PCI_HEADER_PCI_BRIDGE,
    MV_PCI_HEADER_CARDBUS_BRIDGE,
    MV_PCI_HEADER_LAST
} MvPciHeaderType;
MV_ENUM_DECL(mv_pci_header_type);

typedef struct {
    bool present;
    int port;                   /* -1: not known */
    MvPcieLinkSpeed speed;
    unsigned int width;
} MvPcieLink;

/* <capability type='vpd'>: a PCI device's Vital Product Data. */
typedef struct {
    char index;                 /* '0'-'9', 'A'-'Z' */
    char *value;
} MvPciVpdCustom;

typedef struct {
    char *name;
    bool has_ro;                /* <fields access='readonly'> */
    char *change_level;
    char *manufacture_id;
    char *part_number;
    char *serial_number;
    GArray *ro_vendor;          /* MvPciVpdCustom */
    bool has_rw;                /* <fields access='readwrite'> */
    char *asset_tag;
    GArray *rw_vendor;          /* MvPciVpdCustom */
    GArray *rw_system;          /* MvPciVpdCustom */
} MvPciVpd;

typedef struct {
    int klass;                  /* 24-bit class code, -1 when absent */
    unsigned int domain;
    unsigned int bus;
    unsigned int slot;
    unsigned int function;
    unsigned int product;
    char *product_name;
    unsigned int vendor;
    char *vendor_name;

    bool has_phys_function;     /* this is an SR-IOV VF */
    MvPciAddr phys_function;
    bool has_virt_functions;    /* this is an SR-IOV PF */
    unsigned int max_virt_functions;    /* 0: not written */
    MvPciAddr *virt_functions;
    size_t nvirt_functions;

    MvPciHeaderType header_type;
    MvMdevTypes mdev_types;
    MvPciVpd *vpd;

    unsigned int iommu_group;   /* written when iommu_devices is not empty */
    MvPciAddr *iommu_devices;
    size_t niommu_devices;

    int numa_node;              /* -1: not known */

    bool pcie;                  /* <pci-express> was given */
    MvPcieLink link_cap;
    MvPcieLink link_sta;
} MvNodeDevPci;

void mv_nodedev_pci_clear(MvNodeDevPci *pci);
/* node is the <capability type='pci'> element; dev_name names the device
 * in errors. */
int mv_nodedev_pci_parse(const xmlNode *node, const char *dev_name, MvNodeDevPci *pci);
/* The capability's children (the caller writes the <capability> tag). */
void mv_nodedev_pci_format(MvXmlBuf *buf, const MvNodeDevPci *pci);
