/* Node device USB capabilities: <capability type='usb_device'> and <capability type='usb'> (an interface). */
#pragma once

#include <glib.h>

#include "xml.h"

typedef struct {
    unsigned int bus;
    unsigned int device;
    unsigned int product;
    char *product_name;
    unsigned int vendor;
    char *vendor_name;
} MvNodeDevUsbDev;

typedef struct {
    unsigned int number;
    unsigned int klass;
    unsigned int subclass;
    unsigned int protocol;
    char *description;
} MvNodeDevUsbIf;

void mv_nodedev_usb_dev_clear(MvNodeDevUsbDev *usb);
int mv_nodedev_usb_dev_parse(const xmlNode *node, const char *dev_name, MvNodeDevUsbDev *usb);
void mv_nodedev_usb_dev_format(MvXmlBuf *buf, const MvNodeDevUsbDev *usb);

void mv_nodedev_usb_if_clear(MvNodeDevUsbIf *usb);
int mv_nodedev_usb_if_parse(const xmlNode *node, const char *dev_name, MvNodeDevUsbIf *usb);
void mv_nodedev_usb_if_format(MvXmlBuf *buf, const MvNodeDevUsbIf *usb);
