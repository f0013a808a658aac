/* Domain <memory> devices under <devices>: parse, validate and format. */
#define MV_LOG_MODULE "conf.domain_memdev"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_memdev.h"

#include <errno.h>
#include <limits.h>

#include "conf/domain_cpu.h"
#include "conf/domain_memory.h"
#include "conf/domain_os.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_memdev_model, MV_MEMDEV_MODEL_LAST,
             "", "dimm", "nvdimm", "virtio-pmem", "virtio-mem", "sgx-epc")

/* The largest node number a nodemask may name. */
#define NODEMASK_MAX_BITS 16384
/* The smallest NVDIMM label, KiB. */
#define NVDIMM_LABEL_MIN_KIB 128
/* libvirt checks a virtio-mem block against the host's transparent huge
 * page size; 2 MiB is that size on x86_64 and aarch64 with 4k pages. */
#define VIRTIO_MEM_MIN_BLOCK_KIB 2048ULL

void
mv_domain_memdev_free(MvDomainMemoryDevice *def)
{
    if (!def)
        return;
    mv_bitmap_free(def->source_nodes);
    g_free(def->path);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

/* A size child of parent in KiB; what is the path libvirt names in its
 * errors. A missing required size is an error; a missing optional one
 * leaves ret_kib alone. */
static int
size_child_parse(const xmlNode *parent, const char *name, const char *what,
                 bool required, unsigned long long *ret_kib)
{
    int rc = mv_domain_memory_size_parse(mv_xml_child(parent, name), what, ret_kib);

    if (rc == 0 && required) {
        mv_report_error(VIR_ERR_XML_ERROR, "missing element or attribute '%s'", what);
        return -1;
    }
    return rc < 0 ? -1 : 0;
}

static int
nodemask_parse(const xmlNode *source, MvDomainMemoryDevice *def)
{
    g_autofree char *text = mv_xml_child_content(source, "nodemask");

    if (!text || !*text)
        return 0;
    if (!(def->source_nodes = mv_bitmap_parse(text, NODEMASK_MAX_BITS)))
        return -1;
    if (mv_bitmap_count(def->source_nodes) == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'nodemask': %s", text);
        return -1;
    }
    return 0;
}

static int
source_parse(const xmlNode *source, MvDomainMemoryDevice *def)
{
    switch (def->model) {
    case MV_MEMDEV_MODEL_DIMM:
    case MV_MEMDEV_MODEL_VIRTIO_MEM:
        if (size_child_parse(source, "pagesize", "./pagesize", false, &def->pagesize) < 0)
            return -1;
        return nodemask_parse(source, def);

    case MV_MEMDEV_MODEL_NVDIMM:
        def->path = mv_xml_child_content(source, "path");
        if (size_child_parse(source, "alignsize", "./alignsize", false, &def->alignsize) < 0)
            return -1;
        def->pmem = mv_xml_child(source, "pmem") != NULL;
        return 0;

    case MV_MEMDEV_MODEL_VIRTIO_PMEM:
        def->path = mv_xml_child_content(source, "path");
        return 0;

    case MV_MEMDEV_MODEL_SGX_EPC:
        return nodemask_parse(source, def);

    case MV_MEMDEV_MODEL_NONE:
    case MV_MEMDEV_MODEL_LAST:
        break;
    }
    return 0;
}

static int
target_node_parse(const xmlNode *target, MvDomainMemoryDevice *def)
{
    g_autofree char *text = mv_xml_child_content(target, "node");
    char *end = NULL;
    long long value;

    if (!text || !*text)
        return 0;
    errno = 0;
    value = g_ascii_strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || value < 0 || value > INT_MAX) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "invalid value of memory device node");
        return -1;
    }
    def->target_node = (int) value;
    return 0;
}

static int
target_parse(const xmlNode *target, MvDomainMemoryDevice *def)
{
    xmlNode *label;

    if (target_node_parse(target, def) < 0 ||
        size_child_parse(target, "size", "./size", true, &def->size) < 0)
        return -1;

    switch (def->model) {
    case MV_MEMDEV_MODEL_NVDIMM:
        if ((label = mv_xml_child(target, "label")) &&
            size_child_parse(label, "size", "./label/size", false, &def->labelsize) < 0)
            return -1;
        if (def->labelsize && def->labelsize < NVDIMM_LABEL_MIN_KIB) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "nvdimm label must be at least 128KiB");
            return -1;
        }
        if (def->labelsize >= def->size) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "label size must be smaller than NVDIMM size");
            return -1;
        }
        def->readonly = mv_xml_child(target, "readonly") != NULL;
        break;

    case MV_MEMDEV_MODEL_VIRTIO_MEM:
        if (size_child_parse(target, "block", "./block", false, &def->blocksize) < 0 ||
            size_child_parse(target, "requested", "./requested", false, &def->requestedsize) < 0)
            return -1;
        break;

    case MV_MEMDEV_MODEL_NONE:
    case MV_MEMDEV_MODEL_DIMM:
    case MV_MEMDEV_MODEL_VIRTIO_PMEM:
    case MV_MEMDEV_MODEL_SGX_EPC:
    case MV_MEMDEV_MODEL_LAST:
        break;
    }
    return 0;
}

void *
mv_domain_memdev_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainMemoryDevice) def = g_new0(MvDomainMemoryDevice, 1);
    xmlNode *child;
    int model;

    mv_domain_device_info_init(&def->info);
    def->target_node = -1;
    if (mv_xml_prop_enum(node, "model", mv_memdev_model_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &model) < 0)
        return NULL;
    def->model = model;

    if (mv_xml_prop_enum(node, "access", mv_domain_memory_access_from_string,
                         MV_XML_PROP_NONZERO, &def->access) < 0 ||
        mv_xml_prop_tristate_bool(node, "discard", MV_XML_PROP_NONE, &def->discard) < 0)
        return NULL;
    /* libvirt's post-parse default: guest writes must reach the file. */
    if (def->model == MV_MEMDEV_MODEL_VIRTIO_PMEM && def->access == MV_DOMAIN_MEMORY_ACCESS_DEFAULT)
        def->access = MV_DOMAIN_MEMORY_ACCESS_SHARED;

    if (def->model == MV_MEMDEV_MODEL_NVDIMM) {
        g_autofree char *uuid = mv_xml_child_content(node, "uuid");

        if (uuid && *uuid) {
            if (mv_uuid_parse(uuid, def->uuid) < 0) {
                mv_error_reset();
                mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "malformed uuid element");
                return NULL;
            }
            def->has_uuid = true;
        }
    }

    if ((child = mv_xml_child(node, "source")) && source_parse(child, def) < 0)
        return NULL;

    if (!(child = mv_xml_child(node, "target"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing <target> element for <memory> device");
        return NULL;
    }
    if (target_parse(child, def) < 0)
        return NULL;

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

static int
validate_nvdimm(const MvDomainMemoryDevice *def, const MvDomainDef *dom)
{
    bool ppc64 = dom->os && dom->os->arch && g_str_has_prefix(dom->os->arch, "ppc64");

    if (!def->path) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "path is required for model 'nvdimm'");
        return -1;
    }
    if (def->discard == MV_TRISTATE_YES) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "discard is not supported for nvdimms");
        return -1;
    }
    if (ppc64 && def->labelsize == 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "label size is required for NVDIMM device");
        return -1;
    }
    if (!ppc64 && def->has_uuid) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "UUID is not supported for NVDIMM device");
        return -1;
    }
    return 0;
}

static int
validate_virtio_pmem(const MvDomainMemoryDevice *def)
{
    if (!def->path) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "path is required for model 'virtio-pmem'");
        return -1;
    }
    if (def->discard == MV_TRISTATE_YES) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "discard is not supported for model 'virtio-pmem'");
        return -1;
    }
    if (def->access != MV_DOMAIN_MEMORY_ACCESS_SHARED) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "shared access mode required for virtio-pmem device");
        return -1;
    }
    if (def->target_node != -1) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "virtio-pmem does not support NUMA nodes");
        return -1;
    }
    return 0;
}

static int
validate_virtio_mem(const MvDomainMemoryDevice *def)
{
    unsigned long long block = def->blocksize;

    if (def->requestedsize > def->size) {
        mv_report_error(VIR_ERR_XML_DETAIL,
                        "requested size must be smaller than or equal to @size (%lluKiB)",
                        def->size);
        return -1;
    }
    if (block == 0 || (block & (block - 1)) != 0) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "block size must be a power of two");
        return -1;
    }
    if (block < VIRTIO_MEM_MIN_BLOCK_KIB) {
        mv_report_error(VIR_ERR_XML_DETAIL, "block size too small, must be at least %lluKiB",
                        VIRTIO_MEM_MIN_BLOCK_KIB);
        return -1;
    }
    if (def->requestedsize % block != 0) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                        "requested size must be an integer multiple of block size");
        return -1;
    }
    return 0;
}

int
mv_domain_memdev_validate_node(const void *dev, const MvDomainDef *dom)
{
    const MvDomainMemoryDevice *def = dev;

    /* Guest NUMA nodes are numbered from zero without gaps. */
    if (def->target_node != -1) {
        size_t cells = mv_domain_cpu_numa_cells(dom->cpu);

        if (cells == 0) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "can't add memory backend as guest has no NUMA nodes configured");
            return -1;
        }
        if ((size_t) def->target_node >= cells) {
            mv_report_error(VIR_ERR_XML_DETAIL,
                            "can't add memory backend for guest node '%d' as the guest has only '%zu' NUMA nodes configured",
                            def->target_node, cells);
            return -1;
        }
    }

    switch (def->model) {
    case MV_MEMDEV_MODEL_NVDIMM:
        return validate_nvdimm(def, dom);
    case MV_MEMDEV_MODEL_VIRTIO_PMEM:
        return validate_virtio_pmem(def);
    case MV_MEMDEV_MODEL_VIRTIO_MEM:
        return validate_virtio_mem(def);
    case MV_MEMDEV_MODEL_SGX_EPC:
        if (def->info.address.type != MV_DOMAIN_ADDRESS_NONE) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "memory device address is not supported for model 'sgx-epc'");
            return -1;
        }
        return 0;
    case MV_MEMDEV_MODEL_DIMM:
    case MV_MEMDEV_MODEL_NONE:
    case MV_MEMDEV_MODEL_LAST:
        break;
    }
    return 0;
}

static void
kib_format(MvXmlBuf *buf, const char *name, unsigned long long kib)
{
    g_autofree char *text = g_strdup_printf("%llu", kib);

    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr(buf, "unit", "KiB");
    mv_xml_buf_text(buf, text);
    mv_xml_buf_end(buf);
}

static bool
source_is_empty(const MvDomainMemoryDevice *def)
{
    switch (def->model) {
    case MV_MEMDEV_MODEL_DIMM:
    case MV_MEMDEV_MODEL_VIRTIO_MEM:
        return !def->source_nodes && !def->pagesize;
    case MV_MEMDEV_MODEL_NVDIMM:
        return !def->path && !def->alignsize && !def->pmem;
    case MV_MEMDEV_MODEL_VIRTIO_PMEM:
        return !def->path;
    case MV_MEMDEV_MODEL_SGX_EPC:
        return !def->source_nodes;
    case MV_MEMDEV_MODEL_NONE:
    case MV_MEMDEV_MODEL_LAST:
        break;
    }
    return true;
}

static void
source_format(MvXmlBuf *buf, const MvDomainMemoryDevice *def)
{
    g_autofree char *nodes = def->source_nodes ? mv_bitmap_format(def->source_nodes) : NULL;

    if (source_is_empty(def))
        return;
    mv_xml_buf_start(buf, "source");
    switch (def->model) {
    case MV_MEMDEV_MODEL_DIMM:
    case MV_MEMDEV_MODEL_VIRTIO_MEM:
        mv_xml_buf_text_element(buf, "nodemask", nodes);
        if (def->pagesize)
            kib_format(buf, "pagesize", def->pagesize);
        break;
    case MV_MEMDEV_MODEL_NVDIMM:
        mv_xml_buf_text_element(buf, "path", def->path);
        if (def->alignsize)
            kib_format(buf, "alignsize", def->alignsize);
        if (def->pmem) {
            mv_xml_buf_start(buf, "pmem");
            mv_xml_buf_end(buf);
        }
        break;
    case MV_MEMDEV_MODEL_VIRTIO_PMEM:
        mv_xml_buf_text_element(buf, "path", def->path);
        break;
    case MV_MEMDEV_MODEL_SGX_EPC:
        mv_xml_buf_text_element(buf, "nodemask", nodes);
        break;
    case MV_MEMDEV_MODEL_NONE:
    case MV_MEMDEV_MODEL_LAST:
        break;
    }
    mv_xml_buf_end(buf);
}

static void
target_format(MvXmlBuf *buf, const MvDomainMemoryDevice *def, unsigned int flags)
{
    mv_xml_buf_start(buf, "target");
    kib_format(buf, "size", def->size);
    if (def->target_node >= 0) {
        g_autofree char *node = g_strdup_printf("%d", def->target_node);

        mv_xml_buf_text_element(buf, "node", node);
    }
    if (def->labelsize) {
        mv_xml_buf_start(buf, "label");
        kib_format(buf, "size", def->labelsize);
        mv_xml_buf_end(buf);
    }
    if (def->readonly) {
        mv_xml_buf_start(buf, "readonly");
        mv_xml_buf_end(buf);
    }
    if (def->blocksize) {
        kib_format(buf, "block", def->blocksize);
        kib_format(buf, "requested", def->requestedsize);
        if (!(flags & MV_DOMAIN_XML_INACTIVE))
            kib_format(buf, "current", def->currentsize);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_memdev_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainMemoryDevice *def = dev;

    mv_xml_buf_start(buf, "memory");
    mv_xml_buf_attr(buf, "model", mv_memdev_model_to_string(def->model));
    if (def->access)
        mv_xml_buf_attr(buf, "access", mv_domain_memory_access_to_string(def->access));
    mv_xml_buf_attr_tristate_bool(buf, "discard", def->discard);
    if (def->has_uuid) {
        char uuid[MV_UUID_STRING_BUFLEN];

        mv_xml_buf_text_element(buf, "uuid", mv_uuid_format(def->uuid, uuid));
    }
    source_format(buf, def);
    target_format(buf, def, flags);
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_memdev_free_node(void *dev)
{
    mv_domain_memdev_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_memdev_info_node(const void *dev)
{
    const MvDomainMemoryDevice *def = dev;

    return &def->info;
}
