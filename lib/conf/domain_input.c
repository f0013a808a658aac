/* Domain <input> devices: parse, the default bus, validate, format. */
#define MV_LOG_MODULE "conf.domain_input"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_input.h"

#include <string.h>

#include "domain_os.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_domain_input_type, MV_DOMAIN_INPUT_LAST,
             "mouse", "tablet", "keyboard", "passthrough", "evdev")
MV_ENUM_IMPL(mv_domain_input_bus, MV_DOMAIN_INPUT_BUS_LAST,
             "ps2", "usb", "xen", "parallels", "virtio", "none")
MV_ENUM_IMPL(mv_domain_input_model, MV_DOMAIN_INPUT_MODEL_LAST,
             "default", "virtio", "virtio-transitional", "virtio-non-transitional")
MV_ENUM_IMPL(mv_domain_input_grab, MV_DOMAIN_INPUT_GRAB_LAST, "default", "all")
MV_ENUM_IMPL(mv_domain_input_grab_toggle, MV_DOMAIN_INPUT_GRAB_TOGGLE_LAST,
             "default", "ctrl-ctrl", "alt-alt", "shift-shift", "meta-meta",
             "scrolllock", "ctrl-scrolllock")

void
mv_domain_input_free(MvDomainInput *def)
{
    if (!def)
        return;
    g_free(def->evdev);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

static int
source_parse(const xmlNode *source, MvDomainInput *def)
{
    g_autofree char *evdev = NULL;
    int grab = 0;
    int toggle = 0;

    if (def->type == MV_DOMAIN_INPUT_PASSTHROUGH)
        evdev = mv_xml_prop(source, "evdev");
    else if (def->type == MV_DOMAIN_INPUT_EVDEV)
        evdev = mv_xml_prop(source, "dev");
    if (evdev)
        def->evdev = mv_domain_path_sanitize(evdev);

    if ((def->type == MV_DOMAIN_INPUT_PASSTHROUGH || def->type == MV_DOMAIN_INPUT_EVDEV) &&
        !def->evdev) {
        mv_report_error(VIR_ERR_XML_ERROR, "Missing evdev path for input device");
        return -1;
    }
    if (def->type != MV_DOMAIN_INPUT_EVDEV)
        return 0;

    if (mv_xml_prop_enum(source, "grab", mv_domain_input_grab_from_string,
                         MV_XML_PROP_NONZERO, &grab) < 0 ||
        mv_xml_prop_enum(source, "grabToggle", mv_domain_input_grab_toggle_from_string,
                         MV_XML_PROP_NONZERO, &toggle) < 0 ||
        mv_xml_prop_tristate_switch(source, "repeat", MV_XML_PROP_NONE, &def->repeat) < 0)
        return -1;
    def->grab = grab;
    def->grab_toggle = toggle;
    return 0;
}

MvDomainInput *
mv_domain_input_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainInput) def = g_new0(MvDomainInput, 1);
    g_autofree char *type = mv_xml_prop(node, "type");
    g_autofree char *bus = mv_xml_prop(node, "bus");
    g_autofree char *model = mv_xml_prop(node, "model");
    xmlNode *source;
    int v;

    mv_domain_device_info_init(&def->info);
    if (!type) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "missing input device type");
        return NULL;
    }
    if ((v = mv_domain_input_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown input device type '%s'", type);
        return NULL;
    }
    def->type = v;

    if (model) {
        if ((v = mv_domain_input_model_from_string(model)) <= 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown input model '%s'", model);
            return NULL;
        }
        def->model = v;
    }

    if (bus) {
        if ((v = mv_domain_input_bus_from_string(bus)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown input bus type '%s'", bus);
            return NULL;
        }
        def->bus = v;
        def->bus_given = true;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    if ((source = mv_xml_child(node, "source")) && source_parse(source, def) < 0)
        return NULL;

    if (mv_domain_virtio_options_parse(mv_xml_child(node, "driver"), &def->virtio) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

static bool
arch_is(const MvDomainDef *def, const char *const *names)
{
    const char *arch = def->os ? def->os->arch : NULL;

    if (!arch)
        return false;
    for (size_t i = 0; names[i]; i++) {
        if (g_str_equal(arch, names[i]))
            return true;
    }
    return false;
}

static MvDomainInputBus
default_bus(const MvDomainInput *input, const MvDomainDef *def)
{
    static const char *const x86[] = { "i686", "x86_64", NULL };
    static const char *const s390[] = { "s390", "s390x", NULL };
    MvDomainOsType os = def->os ? def->os->type : MV_DOMAIN_OS_LAST;

    if (os == MV_DOMAIN_OS_HVM) {
        if ((input->type == MV_DOMAIN_INPUT_MOUSE || input->type == MV_DOMAIN_INPUT_KEYBOARD) &&
            (arch_is(def, x86) || !def->os->arch))
            return MV_DOMAIN_INPUT_BUS_PS2;
        if (arch_is(def, s390) || input->type == MV_DOMAIN_INPUT_PASSTHROUGH)
            return MV_DOMAIN_INPUT_BUS_VIRTIO;
        if (input->type == MV_DOMAIN_INPUT_EVDEV)
            return MV_DOMAIN_INPUT_BUS_NONE;
        return MV_DOMAIN_INPUT_BUS_USB;
    }
    if (os == MV_DOMAIN_OS_XEN || os == MV_DOMAIN_OS_XENPVH)
        return MV_DOMAIN_INPUT_BUS_XEN;
    if (def->virt_type == MV_DOMAIN_VIRT_VZ || def->virt_type == MV_DOMAIN_VIRT_PARALLELS)
        return MV_DOMAIN_INPUT_BUS_PARALLELS;
    return MV_DOMAIN_INPUT_BUS_PS2;
}

int
mv_domain_input_post_parse(MvDomainDef *def)
{
    for (guint i = 0; i < def->inputs->len; i++) {
        MvDomainInput *input = g_ptr_array_index(def->inputs, i);

        if (!input->bus_given)
            input->bus = default_bus(input, def);
        if (input->bus == MV_DOMAIN_INPUT_BUS_USB &&
            input->info.address.type != MV_DOMAIN_ADDRESS_NONE &&
            input->info.address.type != MV_DOMAIN_ADDRESS_USB) {
            mv_report_error(VIR_ERR_XML_ERROR, "Invalid address for a USB device");
            return -1;
        }
    }
    return 0;
}

static int
bus_validate(const MvDomainInput *input, const MvDomainDef *dom)
{
    const char *type = mv_domain_input_type_to_string(input->type);
    const char *bus = mv_domain_input_bus_to_string(input->bus);
    bool mouse_or_kbd = input->type == MV_DOMAIN_INPUT_MOUSE ||
                        input->type == MV_DOMAIN_INPUT_KEYBOARD;
    MvDomainOsType os = dom->os ? dom->os->type : MV_DOMAIN_OS_LAST;

    switch (os) {
    case MV_DOMAIN_OS_HVM:
        if (input->bus == MV_DOMAIN_INPUT_BUS_PS2 && !mouse_or_kbd) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "ps2 bus does not support %s input device", type);
            return -1;
        }
        if (input->bus == MV_DOMAIN_INPUT_BUS_XEN) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "unsupported input bus %s", bus);
            return -1;
        }
        return 0;

    case MV_DOMAIN_OS_XEN:
    case MV_DOMAIN_OS_XENPVH:
        if (input->bus != MV_DOMAIN_INPUT_BUS_XEN) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "unsupported input bus %s", bus);
            return -1;
        }
        if (!mouse_or_kbd) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "xen bus does not support %s input device", type);
            return -1;
        }
        return 0;

    default:
        if (dom->virt_type != MV_DOMAIN_VIRT_VZ && dom->virt_type != MV_DOMAIN_VIRT_PARALLELS) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "Input devices are not supported by this virtualization driver.");
            return -1;
        }
        if (input->bus != MV_DOMAIN_INPUT_BUS_PARALLELS) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "parallels containers don't support input bus %s", bus);
            return -1;
        }
        if (!mouse_or_kbd) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "parallels bus does not support %s input device", type);
            return -1;
        }
        return 0;
    }
}

int
mv_domain_input_validate(const MvDomainInput *def, const MvDomainDef *dom)
{
    if (bus_validate(def, dom) < 0)
        return -1;

    switch (def->type) {
    case MV_DOMAIN_INPUT_MOUSE:
    case MV_DOMAIN_INPUT_TABLET:
    case MV_DOMAIN_INPUT_KEYBOARD:
        if (def->evdev) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "setting source evdev path only supported for passthrough input devices");
            return -1;
        }
        break;
    case MV_DOMAIN_INPUT_PASSTHROUGH:
        if (def->bus != MV_DOMAIN_INPUT_BUS_VIRTIO) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "only bus 'virtio' is supported for 'passthrough' input devices");
            return -1;
        }
        break;
    case MV_DOMAIN_INPUT_EVDEV:
        if (def->bus != MV_DOMAIN_INPUT_BUS_NONE) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "input evdev doesn't support bus element");
            return -1;
        }
        break;
    case MV_DOMAIN_INPUT_LAST:
        break;
    }

    if (def->model != MV_DOMAIN_INPUT_MODEL_DEFAULT && def->bus != MV_DOMAIN_INPUT_BUS_VIRTIO) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "only bus 'virtio' is supported for input model '%s'",
                        mv_domain_input_model_to_string(def->model));
        return -1;
    }
    return 0;
}

void
mv_domain_input_format(MvXmlBuf *buf, const MvDomainInput *def, unsigned int flags)
{
    bool has_source = def->evdev || def->grab || def->grab_toggle || def->repeat;

    mv_xml_buf_start(buf, "input");
    mv_xml_buf_attr(buf, "type", mv_domain_input_type_to_string(def->type));
    if (def->bus != MV_DOMAIN_INPUT_BUS_NONE)
        mv_xml_buf_attr(buf, "bus", mv_domain_input_bus_to_string(def->bus));
    if (def->model)
        mv_xml_buf_attr(buf, "model", mv_domain_input_model_to_string(def->model));

    mv_domain_virtio_options_format(buf, &def->virtio);
    if (has_source) {
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, def->type == MV_DOMAIN_INPUT_EVDEV ? "dev" : "evdev", def->evdev);
        if (def->grab)
            mv_xml_buf_attr(buf, "grab", mv_domain_input_grab_to_string(def->grab));
        if (def->grab_toggle)
            mv_xml_buf_attr(buf, "grabToggle",
                            mv_domain_input_grab_toggle_to_string(def->grab_toggle));
        mv_xml_buf_attr_tristate_switch(buf, "repeat", def->repeat);
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

/* The device table's signatures ----------------------------------------- */

void *
mv_domain_input_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_input_parse(node, flags);
}

void
mv_domain_input_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_input_format(buf, dev, flags);
}

void
mv_domain_input_free_node(void *dev)
{
    mv_domain_input_free(dev);
}

int
mv_domain_input_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_input_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_input_info_node(const void *dev)
{
    const MvDomainInput *def = dev;

    return &def->info;
}
