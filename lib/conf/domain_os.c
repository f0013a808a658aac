/* Domain <os> (with <bootloader>, <bootloader_args>): boot type, firmware, loader, kernel, init, boot order; parse / validate / format. */
#define MV_LOG_MODULE "conf.domain_os"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_os.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_domain_os_type, MV_DOMAIN_OS_LAST,
             "hvm", "xen", "linux", "exe", "uml", "xenpvh")
MV_ENUM_IMPL(mv_domain_boot_dev, MV_DOMAIN_BOOT_LAST, "fd", "cdrom", "hd", "network")
MV_ENUM_IMPL(mv_domain_firmware, MV_DOMAIN_FIRMWARE_LAST, "none", "bios", "efi")
MV_ENUM_IMPL(mv_domain_firmware_feature, MV_DOMAIN_FIRMWARE_FEATURE_LAST,
             "enrolled-keys", "secure-boot")
MV_ENUM_IMPL(mv_domain_loader_type, MV_DOMAIN_LOADER_LAST, "none", "rom", "pflash")
MV_ENUM_IMPL(mv_domain_smbios_mode, MV_DOMAIN_SMBIOS_LAST, "none", "emulate", "host", "sysinfo")
MV_ENUM_IMPL(mv_domain_nvram_source_type, MV_DOMAIN_NVRAM_SOURCE_LAST,
             "none", "file", "block", "dir", "network", "volume", "nvme", "vhostuser", "vdpa")

/* The architecture names libvirt knows. */
static const char *const known_arches[] = {
    "alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686", "ia64",
    "lm32", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64",
    "mips64el", "openrisc", "parisc", "parisc64", "ppc", "ppcle", "ppc64",
    "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4", "sh4eb",
    "sparc", "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb",
};

static bool
arch_is_known(const char *arch)
{
    for (size_t i = 0; i < G_N_ELEMENTS(known_arches); i++) {
        if (strcmp(known_arches[i], arch) == 0)
            return true;
    }
    return false;
}

/* libvirt defaults a missing arch to the host's, canonicalising uname's
 * spelling (i386..i686 are all i686, 32-bit ARM is armv7l). */
static char *
host_arch(void)
{
    struct utsname ut;

    if (uname(&ut) < 0)
        return g_strdup("x86_64");
    if (ut.machine[0] == 'i' && ut.machine[2] == '8' && ut.machine[3] == '6' && !ut.machine[4])
        return g_strdup("i686");
    if (strcmp(ut.machine, "amd64") == 0)
        return g_strdup("x86_64");
    if (g_str_has_prefix(ut.machine, "arm") && !arch_is_known(ut.machine))
        return g_strdup("armv7l");
    return g_strdup(ut.machine);
}

int
mv_domain_prop_int(const xmlNode *node, const char *name, bool required,
                   bool nonnegative, int *ret_value)
{
    g_autofree char *value = mv_xml_prop(node, name);
    char *end = NULL;
    long long v;

    if (!value) {
        if (required) {
            mv_report_error(VIR_ERR_XML_ERROR, "Missing required attribute '%s' in element '%s'",
                            name, (const char *) node->name);
            return -1;
        }
        return 0;
    }
    errno = 0;
    v = strtoll(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || v < G_MININT || v > G_MAXINT) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid value for attribute '%s' in element '%s': '%s'. Expected integer value",
                        name, (const char *) node->name, value);
        return -1;
    }
    if (nonnegative && v < 0) {
        mv_report_error(VIR_ERR_XML_ERROR,
                        "Invalid value for attribute '%s' in element '%s': '%s'. Expected non-negative value",
                        name, (const char *) node->name, value);
        return -1;
    }
    *ret_value = (int) v;
    return 1;
}

static void
os_env_free(gpointer data)
{
    MvDomainOsEnv *env = data;

    g_free(env->name);
    g_free(env->value);
    g_free(env);
}

static void
loader_free(MvDomainLoader *loader)
{
    if (!loader)
        return;
    g_free(loader->path);
    g_free(loader->nvram_template);
    g_free(loader->nvram_path);
    g_free(loader->nvram_source);
    g_free(loader);
}

void
mv_domain_os_free(MvDomainOs *os)
{
    if (!os)
        return;
    g_free(os->bootloader);
    g_free(os->bootloader_args);
    g_free(os->arch);
    g_free(os->machine);
    g_free(os->init);
    if (os->initargs)
        g_ptr_array_unref(os->initargs);
    if (os->initenvs)
        g_ptr_array_unref(os->initenvs);
    g_free(os->initdir);
    g_free(os->inituser);
    g_free(os->initgroup);
    loader_free(os->loader);
    g_free(os->kernel);
    g_free(os->initrd);
    g_free(os->cmdline);
    g_free(os->dtb);
    g_free(os->root);
    g_free(os->slic_table);
    g_free(os);
}

/* The text of the first text child only, as libvirt reads <initarg>. */
static char *
first_text(const xmlNode *node)
{
    if (!node->children || !node->children->content)
        return NULL;
    return g_strdup((const char *) node->children->content);
}

static int
os_init_parse(MvDomainOs *os, const xmlNode *node)
{
    os->init = mv_xml_child_text(node, "init");
    os->cmdline = mv_xml_child_text(node, "cmdline");
    os->initdir = mv_xml_child_text(node, "initdir");
    os->inituser = mv_xml_child_text(node, "inituser");
    os->initgroup = mv_xml_child_text(node, "initgroup");

    os->initargs = g_ptr_array_new_with_free_func(g_free);
    for (xmlNode *n = mv_xml_child(node, "initarg"); n; n = mv_xml_next(n)) {
        char *arg = first_text(n);

        if (!arg) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "No data supplied for <initarg> element");
            return -1;
        }
        g_ptr_array_add(os->initargs, arg);
    }

    os->initenvs = g_ptr_array_new_with_free_func(os_env_free);
    for (xmlNode *n = mv_xml_child(node, "initenv"); n; n = mv_xml_next(n)) {
        g_autofree char *name = mv_xml_prop(n, "name");
        MvDomainOsEnv *env;
        char *value;

        if (!name) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "No name supplied for <initenv> element");
            return -1;
        }
        if (!(value = first_text(n))) {
            mv_report_error(VIR_ERR_XML_ERROR, "No value supplied for <initenv name='%s'> element", name);
            return -1;
        }
        env = g_new0(MvDomainOsEnv, 1);
        env->name = g_steal_pointer(&name);
        env->value = value;
        g_ptr_array_add(os->initenvs, env);
    }
    return 0;
}

static void
os_kernel_parse(MvDomainOs *os, const xmlNode *node)
{
    os->kernel = mv_xml_child_text(node, "kernel");
    os->initrd = mv_xml_child_text(node, "initrd");
    os->cmdline = mv_xml_child_text(node, "cmdline");
    os->dtb = mv_xml_child_text(node, "dtb");
    os->root = mv_xml_child_text(node, "root");
}

static int
os_firmware_parse(MvDomainOs *os, const xmlNode *node)
{
    g_autofree char *fw = mv_xml_prop(node, "firmware");

    for (xmlNode *f = mv_xml_child(node, "firmware"); f; f = mv_xml_next(f)) {
        for (xmlNode *n = mv_xml_child(f, "feature"); n; n = mv_xml_next(n)) {
            int feature = 0;
            MvTristate enabled = MV_TRISTATE_ABSENT;

            if (mv_xml_prop_enum(n, "name", mv_domain_firmware_feature_from_string,
                                 MV_XML_PROP_REQUIRED, &feature) < 0)
                return -1;
            if (mv_xml_prop_tristate_bool(n, "enabled", MV_XML_PROP_REQUIRED, &enabled) < 0)
                return -1;
            os->firmware_features[feature] = enabled;
            os->has_firmware_features = true;
        }
    }

    if (!fw)
        return 0;
    if ((int) (os->firmware = mv_domain_firmware_from_string(fw)) <= 0) {
        os->firmware = MV_DOMAIN_FIRMWARE_NONE;
        mv_report_error(VIR_ERR_XML_ERROR, "unknown firmware value %s", fw);
        return -1;
    }
    return 0;
}

static int
nvram_parse(MvDomainLoader *loader, const xmlNode *nvram)
{
    int type = 0;
    int rc;

    loader->nvram_template = mv_xml_prop(nvram, "template");
    if ((rc = mv_xml_prop_enum(nvram, "type", mv_domain_nvram_source_type_from_string,
                               MV_XML_PROP_NONE, &type)) < 0)
        return -1;

    if (rc == 0) {
        g_autofree char *path = mv_xml_content(nvram);

        if (!path || !*path)
            return 0;
        loader->nvram_path = g_steal_pointer(&path);
        loader->has_nvram = true;
        return 0;
    }

    loader->nvram_type = type;
    switch (loader->nvram_type) {
    case MV_DOMAIN_NVRAM_SOURCE_FILE:
    case MV_DOMAIN_NVRAM_SOURCE_BLOCK: {
        const char *attr = loader->nvram_type == MV_DOMAIN_NVRAM_SOURCE_FILE ? "file" : "dev";
        xmlNode *source = mv_xml_child(nvram, "source");

        if (!source) {
            mv_report_error(VIR_ERR_XML_ERROR, "missing source element for nvram of type '%s'",
                            mv_domain_nvram_source_type_to_string(type));
            return -1;
        }
        loader->nvram_source = mv_xml_prop(source, attr);
        loader->has_nvram = true;
        return 0;
    }
    default:
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "nvram of type '%s' is not supported",
                        mv_domain_nvram_source_type_to_string(type));
        return -1;
    }
}

static int
os_loader_parse(MvDomainOs *os, const xmlNode *node)
{
    xmlNode *loader_node = mv_xml_child(node, "loader");
    xmlNode *nvram_node = mv_xml_child(node, "nvram");
    MvDomainLoader *loader;
    int type = 0;

    if (!loader_node && !nvram_node)
        return 0;

    loader = os->loader = g_new0(MvDomainLoader, 1);
    if (nvram_node && nvram_parse(loader, nvram_node) < 0)
        return -1;
    if (!loader_node)
        return 0;

    if (mv_xml_prop_tristate_bool(loader_node, "readonly", MV_XML_PROP_NONE, &loader->readonly) < 0)
        return -1;
    if (mv_xml_prop_enum(loader_node, "type", mv_domain_loader_type_from_string,
                         MV_XML_PROP_NONZERO, &type) < 0)
        return -1;
    loader->type = type;
    loader->path = mv_xml_content(loader_node);
    if (loader->path && !*loader->path)
        g_clear_pointer(&loader->path, g_free);
    if (mv_xml_prop_tristate_bool(loader_node, "secure", MV_XML_PROP_NONE, &loader->secure) < 0)
        return -1;
    if (mv_xml_prop_tristate_bool(loader_node, "stateless", MV_XML_PROP_NONE, &loader->stateless) < 0)
        return -1;
    return 0;
}

static int
os_acpi_parse(MvDomainOs *os, const xmlNode *node)
{
    g_autofree char *type = NULL;
    g_autofree char *text = NULL;
    xmlNode *table = NULL;
    size_t n = 0;

    for (xmlNode *acpi = mv_xml_child(node, "acpi"); acpi; acpi = mv_xml_next(acpi)) {
        for (xmlNode *t = mv_xml_child(acpi, "table"); t; t = mv_xml_next(t)) {
            if (!table)
                table = t;
            n++;
        }
    }
    if (n == 0)
        return 0;
    if (n > 1) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Only one acpi table is supported");
        return -1;
    }
    if (!(type = mv_xml_prop(table, "type"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing acpi table type");
        return -1;
    }
    if (strcmp(type, "slic") != 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "Unknown acpi table type: %s", type);
        return -1;
    }
    text = mv_xml_content(table);
    os->slic_table = mv_domain_path_sanitize(text ? text : "");
    return 0;
}

static int
os_boot_parse(MvDomainOs *os, const xmlNode *node)
{
    xmlNode *n;

    /* libvirt keeps the first four <boot> and ignores the rest. */
    for (n = mv_xml_child(node, "boot"); n && os->n_boot_devs < MV_DOMAIN_BOOT_LAST; n = mv_xml_next(n)) {
        int dev = 0;

        if (mv_xml_prop_enum(n, "dev", mv_domain_boot_dev_from_string, MV_XML_PROP_REQUIRED, &dev) < 0)
            return -1;
        os->boot_devs[os->n_boot_devs++] = dev;
    }

    if ((n = mv_xml_child(node, "bootmenu"))) {
        int rc;

        if (mv_xml_prop_tristate_bool(n, "enable", MV_XML_PROP_NONE, &os->bootmenu) < 0)
            return -1;
        if (os->bootmenu == MV_TRISTATE_YES) {
            if ((rc = mv_xml_prop_uint(n, "timeout", 10, MV_XML_PROP_NONE, &os->bootmenu_timeout)) < 0)
                return -1;
            os->bootmenu_timeout_set = rc > 0;
        }
    }

    if ((n = mv_xml_child(node, "bios"))) {
        int rc;

        /* libvirt reads a bad useserial as 'no' rather than failing. */
        if (mv_xml_prop_tristate_bool(n, "useserial", MV_XML_PROP_NONE, &os->bios_useserial) < 0) {
            mv_error_reset();
            os->bios_useserial = MV_TRISTATE_NO;
        }
        if ((rc = mv_domain_prop_int(n, "rebootTimeout", false, false, &os->bios_reboot_timeout)) < 0)
            return -1;
        os->bios_reboot_timeout_set = rc > 0;
    }
    return 0;
}

static int
os_type_parse(MvDomainOs *os, const xmlNode *node, const MvDomainOsContext *ctx)
{
    xmlNode *type = node ? mv_xml_child(node, "type") : NULL;
    g_autofree char *text = type ? mv_xml_content(type) : NULL;
    g_autofree char *arch = type ? mv_xml_prop(type, "arch") : NULL;

    if (type)
        os->machine = mv_xml_prop(type, "machine");
    if (os->machine && !*os->machine)
        g_clear_pointer(&os->machine, g_free);

    if (!text || !*text) {
        if (!os->bootloader) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "an os <type> must be specified");
            return -1;
        }
        os->type = MV_DOMAIN_OS_XEN;
    } else {
        int t = mv_domain_os_type_from_string(text);

        if (t < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown OS type '%s'", text);
            return -1;
        }
        os->type = t;
    }

    /* Old Xen configs call paravirt guests 'linux'. */
    if (os->type == MV_DOMAIN_OS_LINUX && ctx->virt_type == MV_DOMAIN_VIRT_XEN)
        os->type = MV_DOMAIN_OS_XEN;

    if (arch && *arch) {
        if (!arch_is_known(arch)) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown architecture %s", arch);
            return -1;
        }
        os->arch = g_steal_pointer(&arch);
    } else {
        os->arch = host_arch();
    }
    return 0;
}

MvDomainOs *
mv_domain_os_parse(const xmlNode *node, const MvDomainOsContext *ctx, unsigned int flags)
{
    g_autoptr(MvDomainOs) os = g_new0(MvDomainOs, 1);
    g_autofree char *smbios = NULL;
    xmlNode *n;

    os->virt_type = ctx->virt_type;
    if (ctx->domain) {
        os->bootloader = mv_xml_child_text(ctx->domain, "bootloader");
        os->bootloader_args = mv_xml_child_text(ctx->domain, "bootloader_args");
    }

    if (os_type_parse(os, node, ctx) < 0)
        return NULL;

    switch (os->type) {
    case MV_DOMAIN_OS_HVM:
        os_kernel_parse(os, node);
        if (os_firmware_parse(os, node) < 0 ||
            os_loader_parse(os, node) < 0 ||
            os_acpi_parse(os, node) < 0 ||
            os_boot_parse(os, node) < 0)
            return NULL;
        break;
    case MV_DOMAIN_OS_XEN:
    case MV_DOMAIN_OS_XENPVH:
    case MV_DOMAIN_OS_UML:
        os_kernel_parse(os, node);
        if (node && os_loader_parse(os, node) < 0)
            return NULL;
        break;
    case MV_DOMAIN_OS_EXE:
        if (os_init_parse(os, node) < 0)
            return NULL;
        break;
    case MV_DOMAIN_OS_LINUX:
    case MV_DOMAIN_OS_LAST:
        break;
    }

    if (node && (n = mv_xml_child(node, "smbios")) && (smbios = mv_xml_prop(n, "mode")) && *smbios) {
        int mode = mv_domain_smbios_mode_from_string(smbios);

        if (mode < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown smbios mode '%s'", smbios);
            return NULL;
        }
        os->smbios_mode = mode;
    }
    return g_steal_pointer(&os);
}

int
mv_domain_os_post_parse(MvDomainOs *os, size_t n_device_boot)
{
    if (os->type == MV_DOMAIN_OS_EXE && !os->init) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "init binary must be specified");
        return -1;
    }

    if (os->firmware_features[MV_DOMAIN_FIRMWARE_FEATURE_ENROLLED_KEYS] == MV_TRISTATE_YES) {
        if (os->firmware_features[MV_DOMAIN_FIRMWARE_FEATURE_SECURE_BOOT] == MV_TRISTATE_NO) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "firmware feature 'enrolled-keys' cannot be enabled when firmware feature 'secure-boot' is disabled");
            return -1;
        }
        os->firmware_features[MV_DOMAIN_FIRMWARE_FEATURE_SECURE_BOOT] = MV_TRISTATE_YES;
    }

    if (os->loader && os->loader->path && os->loader->type == MV_DOMAIN_LOADER_NONE)
        os->loader->type = MV_DOMAIN_LOADER_ROM;

    if (os->type == MV_DOMAIN_OS_HVM) {
        if (os->n_boot_devs > 0 && n_device_boot > 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "per-device boot elements cannot be used together with os/boot elements");
            return -1;
        }
        if (os->n_boot_devs == 0 && n_device_boot == 0)
            os->boot_devs[os->n_boot_devs++] = MV_DOMAIN_BOOT_HD;
    }
    return 0;
}

static int
os_loader_validate(const MvDomainOs *os)
{
    const MvDomainLoader *loader = os->loader;

    if (os->firmware) {
        if (!loader)
            return 0;
        if (loader->readonly) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "loader attribute 'readonly' cannot be specified when firmware autoselection is enabled");
            return -1;
        }
        if (loader->type) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "loader attribute 'type' cannot be specified when firmware autoselection is enabled");
            return -1;
        }
        if (loader->path) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "loader path cannot be specified when firmware autoselection is enabled");
            return -1;
        }
        if (loader->nvram_template) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "nvram attribute 'template' cannot be specified when firmware autoselection is enabled");
            return -1;
        }
        if (loader->secure == MV_TRISTATE_NO) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "loader attribute 'secure' cannot be specified when firmware autoselection is enabled");
            return -1;
        }
        if (loader->has_nvram && os->firmware != MV_DOMAIN_FIRMWARE_EFI) {
            mv_report_error(VIR_ERR_XML_DETAIL, "firmware type '%s' does not support nvram",
                            mv_domain_firmware_to_string(os->firmware));
            return -1;
        }
    } else {
        if (os->has_firmware_features) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "cannot use feature-based firmware autoselection when firmware autoselection is disabled");
            return -1;
        }
        if (!loader)
            return 0;
        if (!loader->path) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "no loader path specified and firmware auto selection disabled");
            return -1;
        }
    }

    if (loader->stateless == MV_TRISTATE_YES) {
        if (loader->nvram_template) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s",
                            "NVRAM template is not permitted when loader is stateless");
            return -1;
        }
        if (loader->has_nvram) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s", "NVRAM is not permitted when loader is stateless");
            return -1;
        }
    } else if (loader->stateless == MV_TRISTATE_NO) {
        if (os->firmware == MV_DOMAIN_FIRMWARE_NONE) {
            if (loader->type != MV_DOMAIN_LOADER_PFLASH) {
                mv_report_error(VIR_ERR_XML_DETAIL, "%s", "Only pflash loader type permits NVRAM");
                return -1;
            }
        } else if (os->firmware != MV_DOMAIN_FIRMWARE_EFI) {
            mv_report_error(VIR_ERR_XML_DETAIL, "%s", "Only EFI firmware permits NVRAM");
            return -1;
        }
    }
    return 0;
}

int
mv_domain_os_validate(const MvDomainOs *os)
{
    if (os->bootmenu_timeout_set && os->bootmenu_timeout > 65535) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "invalid value for boot menu timeout, must be in range [0,65535]");
        return -1;
    }
    if (os->bios_reboot_timeout_set &&
        (os->bios_reboot_timeout < -1 || os->bios_reboot_timeout > 65535)) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "invalid value for rebootTimeout, must be in range [-1,65535]");
        return -1;
    }
    return os_loader_validate(os);
}

static void
loader_format(MvXmlBuf *buf, const MvDomainLoader *loader)
{
    if (loader->readonly || loader->secure || loader->type || loader->stateless || loader->path) {
        mv_xml_buf_start(buf, "loader");
        mv_xml_buf_attr_tristate_bool(buf, "readonly", loader->readonly);
        mv_xml_buf_attr_tristate_bool(buf, "secure", loader->secure);
        if (loader->type)
            mv_xml_buf_attr(buf, "type", mv_domain_loader_type_to_string(loader->type));
        mv_xml_buf_attr_tristate_bool(buf, "stateless", loader->stateless);
        if (loader->path)
            mv_xml_buf_text(buf, loader->path);
        mv_xml_buf_end(buf);
    }

    if (!loader->nvram_template && !loader->has_nvram)
        return;
    mv_xml_buf_start(buf, "nvram");
    mv_xml_buf_attr(buf, "template", loader->nvram_template);
    if (loader->has_nvram && loader->nvram_type) {
        mv_xml_buf_attr(buf, "type", mv_domain_nvram_source_type_to_string(loader->nvram_type));
        mv_xml_buf_start(buf, "source");
        mv_xml_buf_attr(buf, loader->nvram_type == MV_DOMAIN_NVRAM_SOURCE_FILE ? "file" : "dev",
                        loader->nvram_source);
        mv_xml_buf_end(buf);
    } else if (loader->has_nvram) {
        mv_xml_buf_text(buf, loader->nvram_path);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_os_format(MvXmlBuf *buf, const MvDomainOs *os, unsigned int flags)
{
    MvDomainOsType shown = os->type;

    if (os->bootloader) {
        mv_xml_buf_text_element(buf, "bootloader", os->bootloader);
        mv_xml_buf_text_element(buf, "bootloader_args", os->bootloader_args);
    }

    mv_xml_buf_start(buf, "os");
    if (os->firmware)
        mv_xml_buf_attr(buf, "firmware", mv_domain_firmware_to_string(os->firmware));
    mv_xml_buf_open_children(buf);

    if (os->virt_type == MV_DOMAIN_VIRT_XEN && os->type == MV_DOMAIN_OS_XEN)
        shown = MV_DOMAIN_OS_LINUX;
    mv_xml_buf_start(buf, "type");
    mv_xml_buf_attr(buf, "arch", os->arch);
    mv_xml_buf_attr(buf, "machine", os->machine);
    mv_xml_buf_text(buf, mv_domain_os_type_to_string(shown));
    mv_xml_buf_end(buf);

    if (os->has_firmware_features) {
        mv_xml_buf_start(buf, "firmware");
        mv_xml_buf_open_children(buf);
        for (int i = 0; i < MV_DOMAIN_FIRMWARE_FEATURE_LAST; i++) {
            if (!os->firmware_features[i])
                continue;
            mv_xml_buf_start(buf, "feature");
            mv_xml_buf_attr_tristate_bool(buf, "enabled", os->firmware_features[i]);
            mv_xml_buf_attr(buf, "name", mv_domain_firmware_feature_to_string(i));
            mv_xml_buf_end(buf);
        }
        mv_xml_buf_end(buf);
    }

    mv_xml_buf_text_element(buf, "init", os->init);
    for (guint i = 0; os->initargs && i < os->initargs->len; i++)
        mv_xml_buf_text_element(buf, "initarg", g_ptr_array_index(os->initargs, i));
    for (guint i = 0; os->initenvs && i < os->initenvs->len; i++) {
        const MvDomainOsEnv *env = g_ptr_array_index(os->initenvs, i);

        mv_xml_buf_start(buf, "initenv");
        mv_xml_buf_attr(buf, "name", env->name);
        mv_xml_buf_text(buf, env->value);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_text_element(buf, "initdir", os->initdir);
    mv_xml_buf_text_element(buf, "inituser", os->inituser);
    mv_xml_buf_text_element(buf, "initgroup", os->initgroup);

    if (os->loader)
        loader_format(buf, os->loader);
    mv_xml_buf_text_element(buf, "kernel", os->kernel);
    mv_xml_buf_text_element(buf, "initrd", os->initrd);
    mv_xml_buf_text_element(buf, "cmdline", os->cmdline);
    mv_xml_buf_text_element(buf, "dtb", os->dtb);
    mv_xml_buf_text_element(buf, "root", os->root);
    if (os->slic_table) {
        mv_xml_buf_start(buf, "acpi");
        mv_xml_buf_start(buf, "table");
        mv_xml_buf_attr(buf, "type", "slic");
        mv_xml_buf_text(buf, os->slic_table);
        mv_xml_buf_end(buf);
        mv_xml_buf_end(buf);
    }

    if (!os->bootloader) {
        for (size_t i = 0; i < os->n_boot_devs; i++) {
            mv_xml_buf_start(buf, "boot");
            mv_xml_buf_attr(buf, "dev", mv_domain_boot_dev_to_string(os->boot_devs[i]));
            mv_xml_buf_end(buf);
        }
        if (os->bootmenu) {
            mv_xml_buf_start(buf, "bootmenu");
            mv_xml_buf_attr_tristate_bool(buf, "enable", os->bootmenu);
            if (os->bootmenu_timeout_set)
                mv_xml_buf_attr_uint(buf, "timeout", os->bootmenu_timeout);
            mv_xml_buf_end(buf);
        }
        if (os->bios_useserial || os->bios_reboot_timeout_set) {
            mv_xml_buf_start(buf, "bios");
            mv_xml_buf_attr_tristate_bool(buf, "useserial", os->bios_useserial);
            if (os->bios_reboot_timeout_set)
                mv_xml_buf_attr_printf(buf, "rebootTimeout", "%d", os->bios_reboot_timeout);
            mv_xml_buf_end(buf);
        }
    }

    if (os->smbios_mode) {
        mv_xml_buf_start(buf, "smbios");
        mv_xml_buf_attr(buf, "mode", mv_domain_smbios_mode_to_string(os->smbios_mode));
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
