/* Node device USB capabilities: <capability type='usb_device'> and <capability type='usb'> (an interface). */
#define MV_LOG_MODULE "conf.nodedev"
#define MV_FROM_THIS VIR_FROM_NODEDEV

#include "nodedev_usb.h"

#include "nodedev_common.h"
#include "util/error.h"

void
mv_nodedev_usb_dev_clear(MvNodeDevUsbDev *usb)
{
    g_free(usb->product_name);
    g_free(usb->vendor_name);
}

int
mv_nodedev_usb_dev_parse(const xmlNode *node, const char *dev_name, MvNodeDevUsbDev *usb)
{
    if (mv_nodedev_child_uint(node, "bus", 10, dev_name, "USB bus number", &usb->bus) < 0 ||
        mv_nodedev_child_uint(node, "device", 10, dev_name, "USB device number", &usb->device) < 0 ||
        mv_nodedev_child_hex_id(node, "vendor", dev_name, "USB vendor ID", &usb->vendor) < 0 ||
        mv_nodedev_child_hex_id(node, "product", dev_name, "USB product ID", &usb->product) < 0)
        return -1;
    usb->vendor_name = mv_xml_child_text(node, "vendor");
    usb->product_name = mv_xml_child_text(node, "product");
    return 0;
}

/* libvirt writes a USB id without a name as <product id='0x0001' /> (with
 * the blank), unlike the PCI one. */
static void
usb_id_format(MvXmlBuf *buf, const char *element, unsigned int id, const char *name)
{
    mv_xml_buf_start(buf, element);
    mv_xml_buf_attr_printf(buf, "id", "0x%04x", id);
    if (name)
        mv_xml_buf_text(buf, name);
    else
        g_string_append_c(buf->str, ' ');
    mv_xml_buf_end(buf);
}

void
mv_nodedev_usb_dev_format(MvXmlBuf *buf, const MvNodeDevUsbDev *usb)
{
    mv_nodedev_text_printf(buf, "bus", "%d", (int) usb->bus);
    mv_nodedev_text_printf(buf, "device", "%d", (int) usb->device);
    usb_id_format(buf, "product", usb->product, usb->product_name);
    usb_id_format(buf, "vendor", usb->vendor, usb->vendor_name);
}

void
mv_nodedev_usb_if_clear(MvNodeDevUsbIf *usb)
{
    g_free(usb->description);
}

int
mv_nodedev_usb_if_parse(const xmlNode *node, const char *dev_name, MvNodeDevUsbIf *usb)
{
    if (mv_nodedev_child_uint(node, "number", 10, dev_name, "USB interface number", &usb->number) < 0 ||
        mv_nodedev_child_uint(node, "class", 10, dev_name, "USB interface class", &usb->klass) < 0 ||
        mv_nodedev_child_uint(node, "subclass", 10, dev_name, "USB interface subclass", &usb->subclass) < 0 ||
        mv_nodedev_child_uint(node, "protocol", 10, dev_name, "USB interface protocol", &usb->protocol) < 0)
        return -1;
    usb->description = mv_xml_child_text(node, "description");
    return 0;
}

void
mv_nodedev_usb_if_format(MvXmlBuf *buf, const MvNodeDevUsbIf *usb)
{
    mv_nodedev_text_printf(buf, "number", "%d", (int) usb->number);
    mv_nodedev_text_printf(buf, "class", "%d", (int) usb->klass);
    mv_nodedev_text_printf(buf, "subclass", "%d", (int) usb->subclass);
    mv_nodedev_text_printf(buf, "protocol", "%d", (int) usb->protocol);
    mv_xml_buf_text_element(buf, "description", usb->description);
}
