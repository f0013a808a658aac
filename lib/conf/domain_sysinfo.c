/* Domain <sysinfo>: parse and format of the SMBIOS tables and fw_cfg entries. */
#define MV_LOG_MODULE "conf.domain_sysinfo"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_sysinfo.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "conf/domain_device.h"
#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_sysinfo_type, MV_SYSINFO_LAST, "smbios", "fwcfg")

/* The entries libvirt knows in each table, in its format order; others
 * are dropped. */
static const char *const bios_entries[] = { "vendor", "version", "date", "release", NULL };
static const char *const system_entries[] = {
    "manufacturer", "product", "version", "serial", "uuid", "sku", "family", NULL,
};
static const char *const base_board_entries[] = {
    "manufacturer", "product", "version", "serial", "asset", "location", NULL,
};
static const char *const chassis_entries[] = {
    "manufacturer", "version", "serial", "asset", "sku", NULL,
};

enum { BIOS_DATE = 2, SYSTEM_UUID = 4 };

static void
block_free(MvSysinfoBlock *block)
{
    if (!block)
        return;
    for (size_t i = 0; i < MV_SYSINFO_BLOCK_MAX; i++)
        g_free(block->values[i]);
    g_free(block);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvSysinfoBlock, block_free)

static void
fw_cfg_free(MvSysinfoFwCfg *entry)
{
    g_free(entry->name);
    g_free(entry->value);
    g_free(entry->file);
    g_free(entry);
}

void
mv_domain_sysinfo_free(MvDomainSysinfo *def)
{
    if (!def)
        return;
    block_free(def->bios);
    block_free(def->system);
    if (def->base_boards)
        g_ptr_array_unref(def->base_boards);
    block_free(def->chassis);
    if (def->oem_strings)
        g_ptr_array_unref(def->oem_strings);
    if (def->fw_cfgs)
        g_ptr_array_unref(def->fw_cfgs);
    g_free(def);
}

/* Parsing ------------------------------------------------------------- */

/* The text of the first <entry name=NAME> of table, NULL when absent or
 * empty (libvirt reads the entries with an XPath string()). */
static char *
entry_text(const xmlNode *table, const char *name)
{
    for (xmlNode *entry = mv_xml_child(table, "entry"); entry; entry = mv_xml_next(entry)) {
        g_autofree char *entry_name = mv_xml_prop(entry, "name");
        char *text;

        if (g_strcmp0(entry_name, name) != 0)
            continue;
        text = mv_xml_content(entry);
        if (text && !*text)
            g_clear_pointer(&text, g_free);
        return text;
    }
    return NULL;
}

/* The table's known entries, or NULL when it has none. */
static MvSysinfoBlock *
block_parse(const xmlNode *table, const char *const *names)
{
    g_autoptr(MvSysinfoBlock) block = g_new0(MvSysinfoBlock, 1);
    bool any = false;

    for (size_t i = 0; names[i]; i++) {
        block->values[i] = entry_text(table, names[i]);
        any |= block->values[i] != NULL;
    }
    if (!any)
        return NULL;
    return g_steal_pointer(&block);
}

static bool
date_number(const char *str, char **end, int *ret_value)
{
    long v;

    errno = 0;
    v = strtol(str, end, 10);
    if (errno || *end == str || v < INT_MIN || v > INT_MAX)
        return false;
    *ret_value = (int) v;
    return true;
}

/* mm/dd/yy or mm/dd/yyyy (a two-digit year is 19yy). */
static int
bios_date_check(const char *date)
{
    char *end = NULL;
    int month, day, year;

    if (!date_number(date, &end, &month) || *end != '/' ||
        !date_number(end + 1, &end, &day) || *end != '/' ||
        !date_number(end + 1, &end, &year) || *end ||
        month < 1 || month > 12 || day < 1 || day > 31 ||
        year < 0 || (year >= 100 && year < 1900)) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "Invalid BIOS 'date' format");
        return -1;
    }
    return 0;
}

static int
system_uuid_parse(MvSysinfoBlock *system, unsigned char domain_uuid[MV_UUID_BUFLEN],
                  bool uuid_generated)
{
    unsigned char uuid[MV_UUID_BUFLEN];
    char uuidstr[MV_UUID_STRING_BUFLEN];

    if (!system || !system->values[SYSTEM_UUID])
        return 0;
    if (mv_uuid_parse(system->values[SYSTEM_UUID], uuid) < 0) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "malformed <sysinfo> uuid element");
        return -1;
    }
    if (uuid_generated) {
        memcpy(domain_uuid, uuid, MV_UUID_BUFLEN);
    } else if (memcmp(domain_uuid, uuid, MV_UUID_BUFLEN) != 0) {
        mv_report_error(VIR_ERR_XML_DETAIL, "%s", "UUID mismatch between <uuid> and <sysinfo>");
        return -1;
    }
    /* Written back in the canonical form. */
    g_free(system->values[SYSTEM_UUID]);
    system->values[SYSTEM_UUID] = g_strdup(mv_uuid_format(uuid, uuidstr));
    return 0;
}

static int
smbios_parse(MvDomainSysinfo *def, const xmlNode *node,
             unsigned char domain_uuid[MV_UUID_BUFLEN], bool uuid_generated)
{
    xmlNode *table;

    if ((table = mv_xml_child(node, "bios"))) {
        def->bios = block_parse(table, bios_entries);
        if (def->bios && def->bios->values[BIOS_DATE] &&
            bios_date_check(def->bios->values[BIOS_DATE]) < 0)
            return -1;
    }
    if ((table = mv_xml_child(node, "system"))) {
        def->system = block_parse(table, system_entries);
        if (system_uuid_parse(def->system, domain_uuid, uuid_generated) < 0)
            return -1;
    }
    def->base_boards = g_ptr_array_new_with_free_func((GDestroyNotify) block_free);
    for (table = mv_xml_child(node, "baseBoard"); table; table = mv_xml_next(table)) {
        MvSysinfoBlock *board = block_parse(table, base_board_entries);

        if (board)
            g_ptr_array_add(def->base_boards, board);
    }
    if ((table = mv_xml_child(node, "chassis")))
        def->chassis = block_parse(table, chassis_entries);
    if ((table = mv_xml_child(node, "oemStrings")) && mv_xml_child(table, "entry")) {
        def->oem_strings = g_ptr_array_new_with_free_func(g_free);
        for (xmlNode *entry = mv_xml_child(table, "entry"); entry; entry = mv_xml_next(entry)) {
            char *text = mv_xml_content(entry);

            g_ptr_array_add(def->oem_strings, text ? text : g_strdup(""));
        }
    }
    return 0;
}

static int
fw_cfg_parse(MvDomainSysinfo *def, const xmlNode *node)
{
    def->fw_cfgs = g_ptr_array_new_with_free_func((GDestroyNotify) fw_cfg_free);
    for (xmlNode *entry = mv_xml_child(node, "entry"); entry; entry = mv_xml_next(entry)) {
        g_autofree char *name = mv_xml_prop(entry, "name");
        g_autofree char *value = NULL;
        g_autofree char *file = NULL;
        MvSysinfoFwCfg *cfg;

        if (!name) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "Firmware entry is missing 'name' attribute");
            return -1;
        }
        value = mv_xml_content(entry);
        if (value && !*value)
            g_clear_pointer(&value, g_free);
        file = mv_xml_prop(entry, "file");
        if (!value && !file) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "Firmware entry must have either value or 'file' attribute");
            return -1;
        }
        cfg = g_new0(MvSysinfoFwCfg, 1);
        cfg->name = g_steal_pointer(&name);
        cfg->value = g_steal_pointer(&value);
        cfg->file = file ? mv_domain_path_sanitize(file) : NULL;
        g_ptr_array_add(def->fw_cfgs, cfg);
    }
    return 0;
}

static MvDomainSysinfo *
sysinfo_parse(const xmlNode *node, unsigned char domain_uuid[MV_UUID_BUFLEN], bool uuid_generated)
{
    g_autoptr(MvDomainSysinfo) def = g_new0(MvDomainSysinfo, 1);
    int type = 0;

    if (mv_xml_prop_enum(node, "type", mv_sysinfo_type_from_string, MV_XML_PROP_REQUIRED, &type) < 0)
        return NULL;
    def->type = type;
    if (def->type == MV_SYSINFO_SMBIOS && smbios_parse(def, node, domain_uuid, uuid_generated) < 0)
        return NULL;
    if (def->type == MV_SYSINFO_FWCFG && fw_cfg_parse(def, node) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

int
mv_domain_sysinfos_parse(const xmlNode *domain, unsigned char domain_uuid[MV_UUID_BUFLEN],
                         bool uuid_generated, GPtrArray *sysinfos)
{
    for (xmlNode *node = mv_xml_child(domain, "sysinfo"); node; node = mv_xml_next(node)) {
        MvDomainSysinfo *def = sysinfo_parse(node, domain_uuid, uuid_generated);

        if (!def)
            return -1;
        g_ptr_array_add(sysinfos, def);
    }
    return 0;
}

/* Formatting ---------------------------------------------------------- */

static void
block_format(MvXmlBuf *buf, const char *table, const char *const *names,
             const MvSysinfoBlock *block)
{
    if (!block)
        return;
    mv_xml_buf_start(buf, table);
    for (size_t i = 0; names[i]; i++) {
        if (!block->values[i])
            continue;
        mv_xml_buf_start(buf, "entry");
        mv_xml_buf_attr(buf, "name", names[i]);
        mv_xml_buf_text(buf, block->values[i]);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_sysinfo_format(MvXmlBuf *buf, const MvDomainSysinfo *def)
{
    mv_xml_buf_start(buf, "sysinfo");
    mv_xml_buf_attr(buf, "type", mv_sysinfo_type_to_string(def->type));
    if (def->type == MV_SYSINFO_SMBIOS) {
        block_format(buf, "bios", bios_entries, def->bios);
        block_format(buf, "system", system_entries, def->system);
        for (guint i = 0; i < def->base_boards->len; i++)
            block_format(buf, "baseBoard", base_board_entries, g_ptr_array_index(def->base_boards, i));
        block_format(buf, "chassis", chassis_entries, def->chassis);
        if (def->oem_strings) {
            mv_xml_buf_start(buf, "oemStrings");
            for (guint i = 0; i < def->oem_strings->len; i++)
                mv_xml_buf_text_element(buf, "entry", g_ptr_array_index(def->oem_strings, i));
            mv_xml_buf_end(buf);
        }
    }
    for (guint i = 0; def->fw_cfgs && i < def->fw_cfgs->len; i++) {
        const MvSysinfoFwCfg *cfg = g_ptr_array_index(def->fw_cfgs, i);

        mv_xml_buf_start(buf, "entry");
        mv_xml_buf_attr(buf, "name", cfg->name);
        if (cfg->file)
            mv_xml_buf_attr(buf, "file", cfg->file);
        else
            mv_xml_buf_text(buf, cfg->value);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}
