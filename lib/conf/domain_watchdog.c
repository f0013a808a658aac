/* Domain <watchdog> device: parse and format. */
#define MV_LOG_MODULE "conf.domain_watchdog"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_watchdog.h"

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_watchdog_model, MV_WATCHDOG_MODEL_LAST,
             "i6300esb", "ib700", "diag288")

MV_ENUM_IMPL(mv_watchdog_action, MV_WATCHDOG_ACTION_LAST,
             "reset", "shutdown", "poweroff", "pause", "dump", "none", "inject-nmi")

void
mv_domain_watchdog_free(MvDomainWatchdog *def)
{
    if (!def)
        return;
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

void *
mv_domain_watchdog_parse_node(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainWatchdog) def = g_new0(MvDomainWatchdog, 1);
    g_autofree char *model = mv_xml_prop(node, "model");
    g_autofree char *action = mv_xml_prop(node, "action");
    int value;

    mv_domain_device_info_init(&def->info);
    if (!model) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s", "watchdog must contain model name");
        return NULL;
    }
    if ((value = mv_watchdog_model_from_string(model)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown watchdog model '%s'", model);
        return NULL;
    }
    def->model = value;

    if (action) {
        if ((value = mv_watchdog_action_from_string(action)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown watchdog action '%s'", action);
            return NULL;
        }
        def->action = value;
    }

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;

    return g_steal_pointer(&def);
}

void
mv_domain_watchdog_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    const MvDomainWatchdog *def = dev;

    mv_xml_buf_start(buf, "watchdog");
    mv_xml_buf_attr(buf, "model", mv_watchdog_model_to_string(def->model));
    mv_xml_buf_attr(buf, "action", mv_watchdog_action_to_string(def->action));
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

void
mv_domain_watchdog_free_node(void *dev)
{
    mv_domain_watchdog_free(dev);
}

const MvDomainDeviceInfo *
mv_domain_watchdog_info_node(const void *dev)
{
    const MvDomainWatchdog *def = dev;

    return &def->info;
}
