/* Domain <clock>: guest clock offset and timers; parse / validate / format. */
#define MV_LOG_MODULE "conf.domain_clock"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_clock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

MV_ENUM_IMPL(mv_domain_clock_offset, MV_DOMAIN_CLOCK_OFFSET_LAST,
             "utc", "localtime", "variable", "timezone", "absolute")
MV_ENUM_IMPL(mv_domain_clock_basis, MV_DOMAIN_CLOCK_BASIS_LAST, "utc", "localtime")
MV_ENUM_IMPL(mv_domain_timer_name, MV_DOMAIN_TIMER_LAST,
             "platform", "pit", "rtc", "hpet", "tsc", "kvmclock", "hypervclock", "armvtimer")
MV_ENUM_IMPL(mv_domain_timer_track, MV_DOMAIN_TIMER_TRACK_LAST,
             "none", "boot", "guest", "wall", "realtime")
MV_ENUM_IMPL(mv_domain_timer_tickpolicy, MV_DOMAIN_TIMER_TICKPOLICY_LAST,
             "none", "delay", "catchup", "merge", "discard")
MV_ENUM_IMPL(mv_domain_timer_mode, MV_DOMAIN_TIMER_MODE_LAST,
             "none", "auto", "native", "emulate", "paravirt", "smpsafe")

void
mv_domain_clock_free(MvDomainClock *clock)
{
    if (!clock)
        return;
    g_free(clock->timezone);
    if (clock->timers)
        g_ptr_array_unref(clock->timers);
    g_free(clock);
}

/* A whole signed decimal number (leading blanks allowed, as strtoll). */
static bool
parse_ll(const char *str, long long *ret_value)
{
    char *end = NULL;
    long long v;

    errno = 0;
    v = strtoll(str, &end, 10);
    if (errno != 0 || end == str || *end != '\0')
        return false;
    *ret_value = v;
    return true;
}

static bool
parse_ull(const char *str, unsigned long long *ret_value)
{
    const char *p = str;
    char *end = NULL;
    unsigned long long v;

    while (g_ascii_isspace(*p))
        p++;
    if (*p == '-')
        return false;
    errno = 0;
    v = strtoull(p, &end, 10);
    if (errno != 0 || end == p || *end != '\0')
        return false;
    *ret_value = v;
    return true;
}

static int
timer_enum(const xmlNode *node, const char *name, int (*from_string)(const char *str), int *ret)
{
    return mv_xml_prop_enum(node, name, from_string, MV_XML_PROP_NONZERO, ret);
}

static MvDomainTimer *
timer_parse(const xmlNode *node)
{
    g_autofree MvDomainTimer *timer = g_new0(MvDomainTimer, 1);
    xmlNode *catchup;
    int v = 0;

    if (mv_xml_prop_enum(node, "name", mv_domain_timer_name_from_string,
                         MV_XML_PROP_REQUIRED, &v) < 0)
        return NULL;
    timer->name = v;
    if (mv_xml_prop_tristate_bool(node, "present", MV_XML_PROP_NONE, &timer->present) < 0)
        return NULL;
    v = 0;
    if (timer_enum(node, "tickpolicy", mv_domain_timer_tickpolicy_from_string, &v) < 0)
        return NULL;
    timer->tickpolicy = v;
    v = 0;
    if (timer_enum(node, "track", mv_domain_timer_track_from_string, &v) < 0)
        return NULL;
    timer->track = v;
    if (mv_xml_prop_uint64(node, "frequency", 10, MV_XML_PROP_NONE, &timer->frequency) < 0)
        return NULL;
    v = 0;
    if (timer_enum(node, "mode", mv_domain_timer_mode_from_string, &v) < 0)
        return NULL;
    timer->mode = v;

    if ((catchup = mv_xml_child(node, "catchup"))) {
        if (mv_xml_prop_uint64(catchup, "threshold", 10, MV_XML_PROP_NONE, &timer->catchup_threshold) < 0 ||
            mv_xml_prop_uint64(catchup, "slew", 10, MV_XML_PROP_NONE, &timer->catchup_slew) < 0 ||
            mv_xml_prop_uint64(catchup, "limit", 10, MV_XML_PROP_NONE, &timer->catchup_limit) < 0)
            return NULL;
    }
    return g_steal_pointer(&timer);
}

static int
offset_parse(MvDomainClock *clock, const xmlNode *node)
{
    g_autofree char *offset = mv_xml_prop(node, "offset");
    g_autofree char *adjustment = mv_xml_prop(node, "adjustment");
    g_autofree char *text = NULL;
    long long adj = 0;
    int v;

    if (offset && *offset) {
        if ((v = mv_domain_clock_offset_from_string(offset)) < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown clock offset '%s'", offset);
            return -1;
        }
        clock->offset = v;
    }

    switch (clock->offset) {
    case MV_DOMAIN_CLOCK_OFFSET_UTC:
    case MV_DOMAIN_CLOCK_OFFSET_LOCALTIME:
        if (!adjustment || !*adjustment)
            break;
        if (strcmp(adjustment, "reset") == 0) {
            clock->utc_reset = true;
            break;
        }
        if (!parse_ll(adjustment, &adj)) {
            mv_report_error(VIR_ERR_XML_ERROR, "unknown clock adjustment '%s'", adjustment);
            return -1;
        }
        /* A fixed adjustment turns the offset into 'variable'. */
        clock->basis = clock->offset == MV_DOMAIN_CLOCK_OFFSET_LOCALTIME ?
            MV_DOMAIN_CLOCK_BASIS_LOCALTIME : MV_DOMAIN_CLOCK_BASIS_UTC;
        clock->adjustment = adj;
        clock->offset = MV_DOMAIN_CLOCK_OFFSET_VARIABLE;
        break;
    case MV_DOMAIN_CLOCK_OFFSET_VARIABLE:
        /* libvirt reads a missing or bad adjustment as 0. */
        if (adjustment && parse_ll(adjustment, &adj))
            clock->adjustment = adj;
        text = mv_xml_prop(node, "basis");
        if (text && *text) {
            if ((v = mv_domain_clock_basis_from_string(text)) < 0) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown clock basis '%s'", text);
                return -1;
            }
            clock->basis = v;
        }
        break;
    case MV_DOMAIN_CLOCK_OFFSET_TIMEZONE:
        clock->timezone = mv_xml_prop(node, "timezone");
        if (clock->timezone && !*clock->timezone)
            g_clear_pointer(&clock->timezone, g_free);
        if (!clock->timezone) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                            "missing 'timezone' attribute for clock with offset='timezone'");
            return -1;
        }
        break;
    case MV_DOMAIN_CLOCK_OFFSET_ABSOLUTE:
        text = mv_xml_prop(node, "start");
        if (!text || !parse_ull(text, &clock->start)) {
            mv_report_error(VIR_ERR_INTERNAL_ERROR, "%s",
                            "missing 'start' attribute for clock with offset='absolute'");
            return -1;
        }
        break;
    case MV_DOMAIN_CLOCK_OFFSET_LAST:
        break;
    }
    return 0;
}

MvDomainClock *
mv_domain_clock_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainClock) clock = g_new0(MvDomainClock, 1);

    clock->timers = g_ptr_array_new_with_free_func(g_free);
    if (!node)
        return g_steal_pointer(&clock);
    if (offset_parse(clock, node) < 0)
        return NULL;

    for (xmlNode *n = mv_xml_child(node, "timer"); n; n = mv_xml_next(n)) {
        MvDomainTimer *timer = timer_parse(n);

        if (!timer)
            return NULL;
        g_ptr_array_add(clock->timers, timer);
    }
    return g_steal_pointer(&clock);
}

int
mv_domain_clock_validate(const MvDomainClock *clock)
{
    for (guint i = 0; clock && i < clock->timers->len; i++) {
        const MvDomainTimer *t = g_ptr_array_index(clock->timers, i);
        const char *name = mv_domain_timer_name_to_string(t->name);

        if ((t->name == MV_DOMAIN_TIMER_KVMCLOCK || t->name == MV_DOMAIN_TIMER_HYPERVCLOCK) &&
            t->tickpolicy) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "timer %s doesn't support setting of timer tickpolicy", name);
            return -1;
        }
        if (t->tickpolicy != MV_DOMAIN_TIMER_TICKPOLICY_CATCHUP &&
            (t->catchup_threshold || t->catchup_limit || t->catchup_slew)) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s",
                            "setting of timer catchup policies is only supported with tickpolicy='catchup'");
            return -1;
        }
        if (t->name != MV_DOMAIN_TIMER_TSC) {
            if (t->frequency) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "timer %s doesn't support setting of timer frequency", name);
                return -1;
            }
            if (t->mode) {
                mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                                "timer %s doesn't support setting of timer mode", name);
                return -1;
            }
        }
        if (t->name != MV_DOMAIN_TIMER_PLATFORM && t->name != MV_DOMAIN_TIMER_RTC && t->track) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "timer %s doesn't support setting of timer track", name);
            return -1;
        }
    }
    return 0;
}

static void
timer_format(MvXmlBuf *buf, const MvDomainTimer *t)
{
    mv_xml_buf_start(buf, "timer");
    mv_xml_buf_attr(buf, "name", mv_domain_timer_name_to_string(t->name));
    mv_xml_buf_attr_tristate_bool(buf, "present", t->present);
    if (t->tickpolicy)
        mv_xml_buf_attr(buf, "tickpolicy", mv_domain_timer_tickpolicy_to_string(t->tickpolicy));
    if (t->track)
        mv_xml_buf_attr(buf, "track", mv_domain_timer_track_to_string(t->track));
    if (t->name == MV_DOMAIN_TIMER_TSC) {
        if (t->frequency)
            mv_xml_buf_attr_uint(buf, "frequency", t->frequency);
        if (t->mode)
            mv_xml_buf_attr(buf, "mode", mv_domain_timer_mode_to_string(t->mode));
    }
    if (t->catchup_threshold || t->catchup_slew || t->catchup_limit) {
        mv_xml_buf_start(buf, "catchup");
        if (t->catchup_threshold)
            mv_xml_buf_attr_uint(buf, "threshold", t->catchup_threshold);
        if (t->catchup_slew)
            mv_xml_buf_attr_uint(buf, "slew", t->catchup_slew);
        if (t->catchup_limit)
            mv_xml_buf_attr_uint(buf, "limit", t->catchup_limit);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_clock_format(MvXmlBuf *buf, const MvDomainClock *clock, unsigned int flags)
{
    mv_xml_buf_start(buf, "clock");
    if (!clock) {
        mv_xml_buf_attr(buf, "offset", "utc");
        mv_xml_buf_end(buf);
        return;
    }
    mv_xml_buf_attr(buf, "offset", mv_domain_clock_offset_to_string(clock->offset));
    switch (clock->offset) {
    case MV_DOMAIN_CLOCK_OFFSET_UTC:
    case MV_DOMAIN_CLOCK_OFFSET_LOCALTIME:
        if (clock->utc_reset)
            mv_xml_buf_attr(buf, "adjustment", "reset");
        break;
    case MV_DOMAIN_CLOCK_OFFSET_VARIABLE:
        mv_xml_buf_attr_printf(buf, "adjustment", "%lld", clock->adjustment);
        mv_xml_buf_attr(buf, "basis", mv_domain_clock_basis_to_string(clock->basis));
        break;
    case MV_DOMAIN_CLOCK_OFFSET_TIMEZONE:
        mv_xml_buf_attr(buf, "timezone", clock->timezone);
        break;
    case MV_DOMAIN_CLOCK_OFFSET_ABSOLUTE:
        mv_xml_buf_attr_uint(buf, "start", clock->start);
        break;
    case MV_DOMAIN_CLOCK_OFFSET_LAST:
        break;
    }
    for (guint i = 0; i < clock->timers->len; i++)
        timer_format(buf, g_ptr_array_index(clock->timers, i));
    mv_xml_buf_end(buf);
}
