/* Domain <input> devices (mouse, tablet, keyboard, passthrough, evdev): parse / validate / format and the default bus. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_INPUT_MOUSE = 0,
    MV_DOMAIN_INPUT_TABLET,
    MV_DOMAIN_INPUT_KEYBOARD,
    MV_DOMAIN_INPUT_PASSTHROUGH,
    MV_DOMAIN_INPUT_EVDEV,
    MV_DOMAIN_INPUT_LAST,
} MvDomainInputType;
MV_ENUM_DECL(mv_domain_input_type);

typedef enum {
    MV_DOMAIN_INPUT_BUS_PS2 = 0,
    MV_DOMAIN_INPUT_BUS_USB,
    MV_DOMAIN_INPUT_BUS_XEN,
    MV_DOMAIN_INPUT_BUS_PARALLELS,
    MV_DOMAIN_INPUT_BUS_VIRTIO,
    MV_DOMAIN_INPUT_BUS_NONE,          /* never written */
    MV_DOMAIN_INPUT_BUS_LAST,
} MvDomainInputBus;
MV_ENUM_DECL(mv_domain_input_bus);

typedef enum {
    MV_DOMAIN_INPUT_MODEL_DEFAULT = 0,
    MV_DOMAIN_INPUT_MODEL_VIRTIO,
    MV_DOMAIN_INPUT_MODEL_VIRTIO_TRANSITIONAL,
    MV_DOMAIN_INPUT_MODEL_VIRTIO_NON_TRANSITIONAL,
    MV_DOMAIN_INPUT_MODEL_LAST,
} MvDomainInputModel;
MV_ENUM_DECL(mv_domain_input_model);

typedef enum {
    MV_DOMAIN_INPUT_GRAB_DEFAULT = 0,
    MV_DOMAIN_INPUT_GRAB_ALL,
    MV_DOMAIN_INPUT_GRAB_LAST,
} MvDomainInputGrab;
MV_ENUM_DECL(mv_domain_input_grab);

typedef enum {
    MV_DOMAIN_INPUT_GRAB_TOGGLE_DEFAULT = 0,
    MV_DOMAIN_INPUT_GRAB_TOGGLE_CTRL_CTRL,
    MV_DOMAIN_INPUT_GRAB_TOGGLE_ALT_ALT,
    MV_DOMAIN_INPUT_GRAB_TOGGLE_SHIFT_SHIFT,
    MV_DOMAIN_INPUT_GRAB_TOGGLE_META_META,
    MV_DOMAIN_INPUT_GRAB_TOGGLE_SCROLLLOCK,
    MV_DOMAIN_INPUT_GRAB_TOGGLE_CTRL_SCROLLLOCK,
    MV_DOMAIN_INPUT_GRAB_TOGGLE_LAST,
} MvDomainInputGrabToggle;
MV_ENUM_DECL(mv_domain_input_grab_toggle);

struct _MvDomainInput {
    MvDomainInputType type;
    MvDomainInputBus bus;
    bool bus_given;                 /* bus= was in the XML; else post-parse picks it */
    MvDomainInputModel model;
    char *evdev;                    /* passthrough <source evdev=>, evdev <source dev=> */
    MvDomainInputGrab grab;
    MvDomainInputGrabToggle grab_toggle;
    MvTristate repeat;              /* switch */
    MvDomainVirtioOptions virtio;                 /* <driver> */
    MvDomainDeviceInfo info;
};

void mv_domain_input_free(MvDomainInput *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainInput, mv_domain_input_free)

MvDomainInput *mv_domain_input_parse(const xmlNode *node, unsigned int flags);
int mv_domain_input_validate(const MvDomainInput *def, const MvDomainDef *dom);
void mv_domain_input_format(MvXmlBuf *buf, const MvDomainInput *def, unsigned int flags);

/* The bus of inputs that name none, from the guest's OS type, architecture
 * and hypervisor, as libvirt's parser picks it; then the USB address check. */
int mv_domain_input_post_parse(MvDomainDef *def);

/* The generic signatures of the domain device table. */
void *mv_domain_input_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_input_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_input_free_node(void *dev);
int mv_domain_input_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_input_info_node(const void *dev);
