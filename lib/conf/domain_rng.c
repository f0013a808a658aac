/* Domain <rng> device: parse, validate and format. */
#define MV_LOG_MODULE "conf.domain_rng"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_rng.h"

#include <errno.h>
#include <limits.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_rng_model, MV_RNG_MODEL_LAST,
             "virtio", "virtio-transitional", "virtio-non-transitional")

MV_ENUM_IMPL(mv_rng_backend, MV_RNG_BACKEND_LAST, "random", "egd", "builtin")

#define RNG_DEFAULT_FILE "/dev/random"

void
mv_domain_rng_free(MvDomainRng *def)
{
    if (!def)
        return;
    g_free(def->file);
    mv_domain_chr_source_clear(&def->chardev);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

/* A <rate> attribute: 0 when absent, -1 when it is no unsigned number. */
static int
rate_attr_parse(const xmlNode *rate, const char *name, unsigned int *ret_value)
{
    g_autofree char *text = mv_xml_prop(rate, name);
    char *end = NULL;
    unsigned long long value;

    if (!text || !*text)
        return 0;
    errno = 0;
    value = g_ascii_strtoull(text, &end, 10);
    if (errno != 0 || *end != '\0' || value > UINT_MAX || text[0] == '-') {
        mv_report_error(VIR_ERR_XML_ERROR, "invalid RNG rate %s value", name);
        return -1;
    }
    *ret_value = (unsigned int) value;
    return 0;
}

static int
backend_parse(const xmlNode *node, unsigned int flags, MvDomainRng *def)
{
    g_autofree char *model = NULL;
    g_autofree char *type = NULL;
    xmlNode *backend;
    int value;

    if (mv_xml_child_count(node, "backend") != 1) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "only one RNG backend is supported");
        return -1;
    }
    backend = mv_xml_child(node, "backend");
    if (!(model = mv_xml_prop(backend, "model"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing RNG device backend model");
        return -1;
    }
    if ((value = mv_rng_backend_from_string(model)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown RNG backend model '%s'", model);
        return -1;
    }
    def->backend = value;

    switch (def->backend) {
    case MV_RNG_BACKEND_RANDOM:
        def->file = mv_xml_content(backend);
        if (def->file && !*def->file)
            g_clear_pointer(&def->file, g_free);
        if (!def->file)
            def->file = g_strdup(RNG_DEFAULT_FILE);
        break;

    case MV_RNG_BACKEND_EGD:
        if (!(type = mv_xml_prop(backend, "type"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing EGD backend type");
            return -1;
        }
        if ((value = mv_domain_chr_type_from_string(type)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown backend type '%s' for egd", type);
            return -1;
        }
        def->chardev.type = value;
        if (mv_domain_chr_source_parse(backend, false, flags, &def->chardev) < 0)
            return -1;
        break;

    case MV_RNG_BACKEND_BUILTIN:
    case MV_RNG_BACKEND_LAST:
        break;
    }
    return 0;
}

void *
mv_domain_rng_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainRng) def = g_new0(MvDomainRng, 1);
    g_autofree char *model = mv_xml_prop(node, "model");
    xmlNode *rate;
    int value;

    mv_domain_device_info_init(&def->info);
    if (!model) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing RNG device model");
        return NULL;
    }
    if ((value = mv_rng_model_from_string(model)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown RNG model '%s'", model);
        return NULL;
    }
    def->model = value;

    /* As libvirt: the period is read only with a non-zero rate. */
    if ((rate = mv_xml_child(node, "rate"))) {
        if (rate_attr_parse(rate, "bytes", &def->rate) < 0)
            return NULL;
        if (def->rate && rate_attr_parse(rate, "period", &def->period) < 0)
            return NULL;
    }

    if (backend_parse(node, flags, def) < 0)
        return NULL;

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0 ||
        mv_domain_virtio_options_parse(mv_xml_child(node, "driver"), &def->virtio) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

int
mv_domain_rng_validate_node(const void *dev, const MvDomainDef *dom)
{
    const MvDomainRng *def = dev;

    if (def->backend == MV_RNG_BACKEND_EGD)
        return mv_domain_chr_source_validate(&def->chardev, false);
    return 0;
}

void
mv_domain_rng_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainRng *def = dev;

    mv_xml_buf_start(buf, "rng");
    mv_xml_buf_attr(buf, "model", mv_rng_model_to_string(def->model));
    mv_xml_buf_open_children(buf);
    if (def->rate) {
        mv_xml_buf_start(buf, "rate");
        mv_xml_buf_attr_uint(buf, "bytes", def->rate);
        if (def->period)
            mv_xml_buf_attr_uint(buf, "period", def->period);
        mv_xml_buf_end(buf);
    }

    mv_xml_buf_start(buf, "backend");
    mv_xml_buf_attr(buf, "model", mv_rng_backend_to_string(def->backend));
    switch (def->backend) {
    case MV_RNG_BACKEND_RANDOM:
        mv_xml_buf_text(buf, def->file);
        break;
    case MV_RNG_BACKEND_EGD:
        mv_xml_buf_attr(buf, "type", mv_domain_chr_type_to_string(def->chardev.type));
        mv_xml_buf_open_children(buf);
        mv_domain_chr_source_format(buf, &def->chardev, flags);
        break;
    case MV_RNG_BACKEND_BUILTIN:
    case MV_RNG_BACKEND_LAST:
        break;
    }
    mv_xml_buf_end(buf);

    mv_domain_virtio_options_format(buf, &def->virtio);
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_rng_free_node(void *dev)
{
    mv_domain_rng_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_rng_info_node(const void *dev)
{
    const MvDomainRng *def = dev;

    return &def->info;
}
