/* Domain <video> devices: parse, the XML layer's defaults and order, validate, format. */
#define MV_LOG_MODULE "conf.domain_video"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_video.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "domain_input.h"
#include "domain_os.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_domain_video_type, MV_DOMAIN_VIDEO_LAST,
             "default", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels",
             "virtio", "gop", "none", "bochs", "ramfb")
MV_ENUM_IMPL(mv_domain_video_backend, MV_DOMAIN_VIDEO_BACKEND_LAST,
             "default", "qemu", "vhostuser")
MV_ENUM_IMPL(mv_domain_video_vgaconf, MV_DOMAIN_VIDEO_VGACONF_LAST, "io", "on", "off")

void
mv_domain_video_free(MvDomainVideo *def)
{
    if (!def)
        return;
    g_free(def->rendernode);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

/* Parsing ------------------------------------------------------------- */

/* A <model> size: an unsigned decimal number, no sign. */
static int
model_uint_parse(const xmlNode *model, const char *name, int code, unsigned int *ret_value)
{
    g_autofree char *text = mv_xml_prop(model, name);
    unsigned long v;
    char *end = NULL;

    if (!text)
        return 0;
    errno = 0;
    v = strtoul(text, &end, 10);
    if (errno || end == text || *end || strchr(text, '-') || v > G_MAXUINT) {
        mv_report_error(code, "cannot parse video %s '%s'", name, text);
        return -1;
    }
    *ret_value = v;
    return 0;
}

static int
accel_parse(const xmlNode *node, MvDomainVideo *def)
{
    g_autofree char *rendernode = mv_xml_prop(node, "rendernode");

    if (mv_xml_prop_tristate_bool(node, "accel3d", MV_XML_PROP_NONE, &def->accel3d) < 0 ||
        mv_xml_prop_tristate_bool(node, "accel2d", MV_XML_PROP_NONE, &def->accel2d) < 0)
        return -1;
    if (!rendernode && !def->accel3d && !def->accel2d) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "missing values for acceleration");
        return -1;
    }
    if (rendernode)
        def->rendernode = mv_domain_path_sanitize(rendernode);
    def->has_accel = true;
    return 0;
}

static int
driver_parse(const xmlNode *driver, MvDomainVideo *def)
{
    g_autofree char *vgaconf = mv_xml_prop(driver, "vgaconf");
    int backend = 0;
    int v;

    if (mv_xml_prop_enum(driver, "name", mv_domain_video_backend_from_string,
                         MV_XML_PROP_NONZERO, &backend) < 0)
        return -1;
    def->backend = backend;
    if (mv_domain_virtio_options_parse(driver, &def->virtio) < 0)
        return -1;

    /* libvirt drops an unknown vgaconf without failing the definition. */
    if (vgaconf && (v = mv_domain_video_vgaconf_from_string(vgaconf)) >= 0) {
        def->vgaconf = v;
        def->has_vgaconf = true;
    }
    return 0;
}

MvDomainVideo *
mv_domain_video_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainVideo) def = g_new0(MvDomainVideo, 1);
    xmlNode *model = mv_xml_child(node, "model");
    xmlNode *driver = mv_xml_child(node, "driver");
    xmlNode *child;

    mv_domain_device_info_init(&def->info);
    def->heads = 1;

    if (model) {
        g_autofree char *primary = mv_xml_prop(model, "primary");
        g_autofree char *type = mv_xml_prop(model, "type");
        int t;

        if (g_strcmp0(primary, "yes") == 0)
            def->primary = true;
        if ((child = mv_xml_child(model, "acceleration")) && accel_parse(child, def) < 0)
            return NULL;
        if ((child = mv_xml_child(model, "resolution"))) {
            if (mv_xml_prop_uint(child, "x", 10, MV_XML_PROP_REQUIRED, &def->res_x) < 0 ||
                mv_xml_prop_uint(child, "y", 10, MV_XML_PROP_REQUIRED, &def->res_y) < 0)
                return NULL;
            def->has_resolution = true;
        }
        if (driver && driver_parse(driver, def) < 0)
            return NULL;
        if (type) {
            if ((t = mv_domain_video_type_from_string(type)) < 0) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown video model '%s'", type);
                return NULL;
            }
            def->type = t;
        }
        if (model_uint_parse(model, "ram", VIR_ERR_XML_ERROR, &def->ram) < 0 ||
            model_uint_parse(model, "vram", VIR_ERR_XML_ERROR, &def->vram) < 0 ||
            model_uint_parse(model, "vram64", VIR_ERR_XML_ERROR, &def->vram64) < 0 ||
            model_uint_parse(model, "vgamem", VIR_ERR_XML_ERROR, &def->vgamem) < 0 ||
            model_uint_parse(model, "heads", VIR_ERR_INTERNAL_ERROR, &def->heads) < 0)
            return NULL;
    } else if (driver && driver_parse(driver, def) < 0) {
        return NULL;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

/* Post-parse ---------------------------------------------------------- */

/* The XML layer's video memory default, in KiB, by model and hypervisor. */
static unsigned int
default_ram(const MvDomainDef *def, MvDomainVideoType type)
{
    switch (type) {
    case MV_DOMAIN_VIDEO_VGA:
    case MV_DOMAIN_VIDEO_CIRRUS:
    case MV_DOMAIN_VIDEO_VMVGA:
        if (def->virt_type == MV_DOMAIN_VIRT_VBOX)
            return 8 * 1024;
        if (def->virt_type == MV_DOMAIN_VIRT_VMWARE)
            return 4 * 1024;
        return 16 * 1024;
    case MV_DOMAIN_VIDEO_BOCHS:
        return 16 * 1024;
    case MV_DOMAIN_VIDEO_XEN:
        return 4 * 1024;
    case MV_DOMAIN_VIDEO_QXL:
        return 64 * 1024;
    default:
        return 0;
    }
}

static unsigned int
round_up_power_of_two(unsigned int value)
{
    unsigned int p = 1;

    if (value == 0 || value > (1U << 31))
        return 0;
    while (p < value)
        p <<= 1;
    return p;
}

/* The model a video without type gets. That is the hypervisor driver's
 * choice in libvirt; this is the one of its test driver, which is also
 * the QEMU driver's for x86 guests: xen for Xen paravirt guests, vga on
 * ppc64, else cirrus. */
static MvDomainVideoType
default_type(const MvDomainDef *def)
{
    if (def->os->type == MV_DOMAIN_OS_XEN || def->os->type == MV_DOMAIN_OS_LINUX)
        return MV_DOMAIN_VIDEO_XEN;
    if (g_str_has_prefix(def->os->arch, "ppc64"))
        return MV_DOMAIN_VIDEO_VGA;
    return MV_DOMAIN_VIDEO_CIRRUS;
}

int
mv_domain_video_post_parse(MvDomainDef *def)
{
    g_autoptr(GPtrArray) ordered = g_ptr_array_new();
    MvDomainVideo *first;

    /* As libvirt, a <graphics> without any <video> brings one. */
    if (def->videos->len == 0 && def->graphics->len > 0) {
        MvDomainVideo *video = g_new0(MvDomainVideo, 1);

        mv_domain_device_info_init(&video->info);
        video->heads = 1;
        g_ptr_array_add(def->videos, video);
    }

    /* A video marked primary goes first, as it is parsed. */
    for (guint i = 0; i < def->videos->len; i++) {
        MvDomainVideo *video = g_ptr_array_index(def->videos, i);

        if (video->primary)
            g_ptr_array_insert(ordered, 0, video);
        else
            g_ptr_array_add(ordered, video);
    }
    for (guint i = 0; i < ordered->len; i++) {
        MvDomainVideo *video = g_ptr_array_index(ordered, i);

        def->videos->pdata[i] = video;
        if (video->type == MV_DOMAIN_VIDEO_DEFAULT)
            video->type = default_type(def);
        if (video->ram == 0 && video->type == MV_DOMAIN_VIDEO_QXL)
            video->ram = default_ram(def, video->type);
        if (video->vram == 0)
            video->vram = default_ram(def, video->type);
        video->ram = round_up_power_of_two(video->ram);
        video->vram = round_up_power_of_two(video->vram);
    }

    if (def->videos->len == 0)
        return 0;
    first = g_ptr_array_index(def->videos, 0);
    if (first->type == MV_DOMAIN_VIDEO_NONE) {
        /* Nothing filled in for "no video" is written back; a user alias stays. */
        MvDomainVideo *stub = g_new0(MvDomainVideo, 1);

        mv_domain_device_info_init(&stub->info);
        stub->type = MV_DOMAIN_VIDEO_NONE;
        stub->info.alias = g_steal_pointer(&first->info.alias);
        mv_domain_video_free(first);
        def->videos->pdata[0] = stub;
    } else {
        first->primary = true;
    }
    return 0;
}

/* Validation ---------------------------------------------------------- */

int
mv_domain_video_validate(const MvDomainVideo *def, const MvDomainDef *dom)
{
    const MvDomainVideo *first = g_ptr_array_index(dom->videos, 0);

    /* Primary videos were put first: a second one is a second primary. */
    if (def != first && def->primary && first->primary) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Only one primary video device is supported");
        return -1;
    }
    for (guint i = 0; i < dom->videos->len; i++) {
        const MvDomainVideo *video = g_ptr_array_index(dom->videos, i);

        if (video->type == MV_DOMAIN_VIDEO_NONE && dom->videos->len > 1) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "a 'none' video type must be the only video device defined for the domain");
            return -1;
        }
    }

    if (def->backend == MV_DOMAIN_VIDEO_BACKEND_VHOSTUSER) {
        if (def->type != MV_DOMAIN_VIDEO_VIRTIO) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "'vhostuser' driver is only supported with 'virtio' device");
            return -1;
        }
    } else if (def->has_accel && def->rendernode) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "unsupported rendernode accel attribute without 'vhostuser'");
        return -1;
    }

    if (def->has_resolution && (def->res_x == 0 || def->res_y == 0)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "video resolution values must be greater than 0");
        return -1;
    }

    if (def->type != MV_DOMAIN_VIDEO_QXL) {
        if (def->ram) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "ram attribute only supported for video type qxl");
            return -1;
        }
        if (def->vram64) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "vram64 attribute only supported for video type qxl");
            return -1;
        }
        if (def->vgamem) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "vgamem attribute only supported for video type qxl");
            return -1;
        }
    }

    if (def->type == MV_DOMAIN_VIDEO_RAMFB && def->info.address.type != MV_DOMAIN_ADDRESS_NONE) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "address not supported for video type ramfb");
        return -1;
    }

    if (def->type != MV_DOMAIN_VIDEO_VIRTIO && mv_domain_virtio_options_check_absent(&def->virtio) < 0)
        return -1;
    return 0;
}

/* Formatting ---------------------------------------------------------- */

void
mv_domain_video_format(MvXmlBuf *buf, const MvDomainVideo *def, unsigned int flags)
{
    bool virtio = mv_domain_virtio_options_is_set(&def->virtio);

    mv_xml_buf_start(buf, "video");
    if (virtio || def->has_vgaconf || def->backend != MV_DOMAIN_VIDEO_BACKEND_DEFAULT) {
        mv_xml_buf_start(buf, "driver");
        mv_domain_virtio_options_format_attrs(buf, &def->virtio);
        if (def->has_vgaconf)
            mv_xml_buf_attr(buf, "vgaconf", mv_domain_video_vgaconf_to_string(def->vgaconf));
        if (def->backend != MV_DOMAIN_VIDEO_BACKEND_DEFAULT)
            mv_xml_buf_attr(buf, "name", mv_domain_video_backend_to_string(def->backend));
        mv_xml_buf_end(buf);
    }

    mv_xml_buf_start(buf, "model");
    mv_xml_buf_attr(buf, "type", mv_domain_video_type_to_string(def->type));
    if (def->ram)
        mv_xml_buf_attr_uint(buf, "ram", def->ram);
    if (def->vram)
        mv_xml_buf_attr_uint(buf, "vram", def->vram);
    if (def->vram64)
        mv_xml_buf_attr_uint(buf, "vram64", def->vram64);
    if (def->vgamem)
        mv_xml_buf_attr_uint(buf, "vgamem", def->vgamem);
    if (def->heads)
        mv_xml_buf_attr_uint(buf, "heads", def->heads);
    if (def->primary)
        mv_xml_buf_attr(buf, "primary", "yes");
    if (def->has_accel) {
        mv_xml_buf_start(buf, "acceleration");
        mv_xml_buf_attr_tristate_bool(buf, "accel3d", def->accel3d);
        mv_xml_buf_attr_tristate_bool(buf, "accel2d", def->accel2d);
        mv_xml_buf_attr(buf, "rendernode", def->rendernode);
        mv_xml_buf_end(buf);
    }
    if (def->has_resolution) {
        mv_xml_buf_start(buf, "resolution");
        if (def->res_x && def->res_y) {
            mv_xml_buf_attr_uint(buf, "x", def->res_x);
            mv_xml_buf_attr_uint(buf, "y", def->res_y);
        }
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);

    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

/* The device table's signatures ----------------------------------------- */

void *
mv_domain_video_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_video_parse(node, flags);
}

void
mv_domain_video_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_video_format(buf, dev, flags);
}

void
mv_domain_video_free_node(void *dev)
{
    mv_domain_video_free(dev);
}

int
mv_domain_video_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_video_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_video_info_node(const void *dev)
{
    const MvDomainVideo *def = dev;

    return &def->info;
}
