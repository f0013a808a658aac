/* Domain <clock>: guest clock offset and timers; parse / validate / format. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "conf/domain.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_CLOCK_OFFSET_UTC = 0,
    MV_DOMAIN_CLOCK_OFFSET_LOCALTIME,
    MV_DOMAIN_CLOCK_OFFSET_VARIABLE,
    MV_DOMAIN_CLOCK_OFFSET_TIMEZONE,
    MV_DOMAIN_CLOCK_OFFSET_ABSOLUTE,
    MV_DOMAIN_CLOCK_OFFSET_LAST,
} MvDomainClockOffset;
MV_ENUM_DECL(mv_domain_clock_offset);

typedef enum {
    MV_DOMAIN_CLOCK_BASIS_UTC = 0,
    MV_DOMAIN_CLOCK_BASIS_LOCALTIME,
    MV_DOMAIN_CLOCK_BASIS_LAST,
} MvDomainClockBasis;
MV_ENUM_DECL(mv_domain_clock_basis);

typedef enum {
    MV_DOMAIN_TIMER_PLATFORM = 0,
    MV_DOMAIN_TIMER_PIT,
    MV_DOMAIN_TIMER_RTC,
    MV_DOMAIN_TIMER_HPET,
    MV_DOMAIN_TIMER_TSC,
    MV_DOMAIN_TIMER_KVMCLOCK,
    MV_DOMAIN_TIMER_HYPERVCLOCK,
    MV_DOMAIN_TIMER_ARMVTIMER,
    MV_DOMAIN_TIMER_LAST,
} MvDomainTimerName;
MV_ENUM_DECL(mv_domain_timer_name);

typedef enum {
    MV_DOMAIN_TIMER_TRACK_NONE = 0,
    MV_DOMAIN_TIMER_TRACK_BOOT,
    MV_DOMAIN_TIMER_TRACK_GUEST,
    MV_DOMAIN_TIMER_TRACK_WALL,
    MV_DOMAIN_TIMER_TRACK_REALTIME,
    MV_DOMAIN_TIMER_TRACK_LAST,
} MvDomainTimerTrack;
MV_ENUM_DECL(mv_domain_timer_track);

typedef enum {
    MV_DOMAIN_TIMER_TICKPOLICY_NONE = 0,
    MV_DOMAIN_TIMER_TICKPOLICY_DELAY,
    MV_DOMAIN_TIMER_TICKPOLICY_CATCHUP,
    MV_DOMAIN_TIMER_TICKPOLICY_MERGE,
    MV_DOMAIN_TIMER_TICKPOLICY_DISCARD,
    MV_DOMAIN_TIMER_TICKPOLICY_LAST,
} MvDomainTimerTickpolicy;
MV_ENUM_DECL(mv_domain_timer_tickpolicy);

typedef enum {
    MV_DOMAIN_TIMER_MODE_NONE = 0,
    MV_DOMAIN_TIMER_MODE_AUTO,
    MV_DOMAIN_TIMER_MODE_NATIVE,
    MV_DOMAIN_TIMER_MODE_EMULATE,
    MV_DOMAIN_TIMER_MODE_PARAVIRT,
    MV_DOMAIN_TIMER_MODE_SMPSAFE,
    MV_DOMAIN_TIMER_MODE_LAST,
} MvDomainTimerMode;
MV_ENUM_DECL(mv_domain_timer_mode);

typedef struct {
    MvDomainTimerName name;
    MvTristate present;
    MvDomainTimerTickpolicy tickpolicy;
    MvDomainTimerTrack track;
    uint64_t frequency;              /* tsc only; 0 when absent */
    MvDomainTimerMode mode;          /* tsc only */
    uint64_t catchup_threshold;      /* <catchup>; 0 when absent */
    uint64_t catchup_slew;
    uint64_t catchup_limit;
} MvDomainTimer;

struct _MvDomainClock {
    MvDomainClockOffset offset;
    bool utc_reset;                  /* utc/localtime with adjustment='reset' */
    long long adjustment;            /* variable */
    MvDomainClockBasis basis;        /* variable */
    char *timezone;                  /* timezone */
    unsigned long long start;        /* absolute */
    GPtrArray *timers;               /* MvDomainTimer *, document order */
};

/* clock may be NULL (no <clock>): the result is offset 'utc'. */
MvDomainClock *mv_domain_clock_parse(const xmlNode *clock, unsigned int flags);

/* libvirt's timer rules: which timer takes tickpolicy, frequency, mode,
 * track, and catchup only with tickpolicy='catchup'. */
int mv_domain_clock_validate(const MvDomainClock *clock);

/* libvirt always writes <clock>: clock NULL gives <clock offset='utc'/>. */
void mv_domain_clock_format(MvXmlBuf *buf, const MvDomainClock *clock, unsigned int flags);

void mv_domain_clock_free(MvDomainClock *clock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainClock, mv_domain_clock_free)
