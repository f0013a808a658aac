/* Domain <watchdog> device: model and the action taken when it fires. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_WATCHDOG_MODEL_I6300ESB = 0,
    MV_WATCHDOG_MODEL_IB700,
    MV_WATCHDOG_MODEL_DIAG288,
    MV_WATCHDOG_MODEL_LAST,
} MvWatchdogModel;
MV_ENUM_DECL(mv_watchdog_model);

typedef enum {
    MV_WATCHDOG_ACTION_RESET = 0,   /* the default when action= is absent */
    MV_WATCHDOG_ACTION_SHUTDOWN,
    MV_WATCHDOG_ACTION_POWEROFF,
    MV_WATCHDOG_ACTION_PAUSE,
    MV_WATCHDOG_ACTION_DUMP,
    MV_WATCHDOG_ACTION_NONE,
    MV_WATCHDOG_ACTION_INJECT_NMI,
    MV_WATCHDOG_ACTION_LAST,
} MvWatchdogAction;
MV_ENUM_DECL(mv_watchdog_action);

struct _MvDomainWatchdog {
    MvWatchdogModel model;
    MvWatchdogAction action;
    MvDomainDeviceInfo info;
};

void mv_domain_watchdog_free(MvDomainWatchdog *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainWatchdog, mv_domain_watchdog_free)

/* The generic signatures of the domain device table. */
void *mv_domain_watchdog_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_watchdog_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_watchdog_free_node(void *dev);
const MvDomainDeviceInfo *mv_domain_watchdog_info_node(const void *dev);
