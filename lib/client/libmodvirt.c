/* What only the shared library does when loaded: stay quiet on stderr unless asked, as libvirt's library does. */
#define MV_LOG_MODULE "client.api"
#define MV_FROM_THIS VIR_FROM_NONE

#include "util/log.h"

/* Applications see errors through virGetLastError and virDefaultErrorFunc;
 * log lines on stderr come only with MODVIRT_LOG_LEVEL / _FILTERS / _OUTPUTS.
 * Daemons link lib/client statically and keep their own logging. */
static void __attribute__((constructor))
libmodvirt_init(void)
{
    mv_log_set_default_priority(MV_LOG_ERROR + 1);
    if (mv_log_setup_from_env() < 0)
        mv_log_set_default_priority(MV_LOG_ERROR);
}
