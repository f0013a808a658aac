/* Domain <shmem> device: parse, validate and format. */
#define MV_LOG_MODULE "conf.domain_shmem"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_shmem.h"

#include <string.h>

#include "conf/domain_memory.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_shmem_model, MV_SHMEM_MODEL_LAST,
             "ivshmem", "ivshmem-plain", "ivshmem-doorbell")

MV_ENUM_IMPL(mv_shmem_role, MV_SHMEM_ROLE_LAST, "default", "master", "peer")

void
mv_domain_shmem_free(MvDomainShmem *def)
{
    if (!def)
        return;
    g_free(def->name);
    g_free(def->server_path);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

static int
size_parse(const xmlNode *node, MvDomainShmem *def)
{
    g_autofree char *text = NULL;
    g_autofree char *unit = NULL;

    if (!(text = mv_xml_content(node)) || !*text)
        return 0;
    unit = mv_xml_prop(node, "unit");
    /* No unit means bytes here, unlike the guest memory sizes. */
    return mv_domain_scaled_parse(text, "./size[1]", unit, 1, G_MAXUINT64, &def->size);
}

void *
mv_domain_shmem_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainShmem) def = g_new0(MvDomainShmem, 1);
    xmlNode *child;
    int value;

    mv_domain_device_info_init(&def->info);
    if ((child = mv_xml_child(node, "model"))) {
        value = MV_SHMEM_MODEL_IVSHMEM;
        if (mv_xml_prop_enum(child, "type", mv_shmem_model_from_string,
                             MV_XML_PROP_NONE, &value) < 0)
            return NULL;
        def->model = value;
    }

    if (!(def->name = mv_xml_prop(node, "name"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "shmem element must contain 'name' attribute");
        return NULL;
    }

    if (def->model != MV_SHMEM_MODEL_IVSHMEM) {
        value = MV_SHMEM_ROLE_DEFAULT;
        if (mv_xml_prop_enum(node, "role", mv_shmem_role_from_string,
                             MV_XML_PROP_NONZERO, &value) < 0)
            return NULL;
        def->role = value;
    }

    if ((child = mv_xml_child(node, "size")) && size_parse(child, def) < 0)
        return NULL;

    if ((child = mv_xml_child(node, "server"))) {
        g_autofree char *path = mv_xml_prop(child, "path");

        def->server = true;
        if (path)
            def->server_path = mv_domain_path_sanitize(path);
    }

    if ((child = mv_xml_child(node, "msi"))) {
        def->msi = true;
        if (mv_xml_prop_uint(child, "vectors", 0, MV_XML_PROP_NONE, &def->msi_vectors) < 0 ||
            mv_xml_prop_tristate_switch(child, "ioeventfd", MV_XML_PROP_NONE,
                                        &def->msi_ioeventfd) < 0)
            return NULL;
    }
    if (def->msi && !def->server) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "msi option is only supported with a server");
        return NULL;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

int
mv_domain_shmem_validate_node(const void *dev, const MvDomainDef *dom)
{
    const MvDomainShmem *def = dev;

    if (strchr(def->name, '/')) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "shmem name cannot include '/' character");
        return -1;
    }
    if (g_str_equal(def->name, ".") || g_str_equal(def->name, "..")) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "shmem name cannot be equal to '%s'",
                        def->name);
        return -1;
    }
    return 0;
}

void
mv_domain_shmem_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainShmem *def = dev;

    mv_xml_buf_start(buf, "shmem");
    mv_xml_buf_attr(buf, "name", def->name);
    if (def->role)
        mv_xml_buf_attr(buf, "role", mv_shmem_role_to_string(def->role));

    mv_xml_buf_start(buf, "model");
    mv_xml_buf_attr(buf, "type", mv_shmem_model_to_string(def->model));
    mv_xml_buf_end(buf);

    if (def->size) {
        g_autofree char *mib = g_strdup_printf("%llu", def->size >> 20);

        mv_xml_buf_start(buf, "size");
        mv_xml_buf_attr(buf, "unit", "M");
        mv_xml_buf_text(buf, mib);
        mv_xml_buf_end(buf);
    }
    if (def->server) {
        mv_xml_buf_start(buf, "server");
        mv_xml_buf_attr(buf, "path", def->server_path);
        mv_xml_buf_end(buf);
    }
    if (def->msi) {
        mv_xml_buf_start(buf, "msi");
        if (def->msi_vectors)
            mv_xml_buf_attr_uint(buf, "vectors", def->msi_vectors);
        mv_xml_buf_attr_tristate_switch(buf, "ioeventfd", def->msi_ioeventfd);
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_shmem_free_node(void *dev)
{
    mv_domain_shmem_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_shmem_info_node(const void *dev)
{
    const MvDomainShmem *def = dev;

    return &def->info;
}
