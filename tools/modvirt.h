/* modvirt: the command-line client's shared types, command tables and helpers. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

typedef enum {
    MVSH_OT_BOOL,    /* --name */
    MVSH_OT_STRING,  /* --name VALUE, or the next positional argument */
    MVSH_OT_INT,     /* --name NUMBER, or the next positional argument */
} MvshOptType;

typedef enum {
    MVSH_OFLAG_REQ = 1 << 0,   /* the command fails without it */
} MvshOptFlags;

typedef struct {
    const char *name;
    MvshOptType type;
    unsigned int flags;
    const char *help;
} MvshOptDef;

typedef struct _MvshControl MvshControl;
typedef struct _MvshCmd MvshCmd;

typedef struct {
    const char *name;
    const char *group;       /* the help keyword of its group */
    const char *summary;
    const char *description; /* NULL: help shows no DESCRIPTION */
    const MvshOptDef *opts;  /* terminated by a NULL name; NULL for none */
    bool (*handler)(MvshControl *ctl, const MvshCmd *cmd);
} MvshCmdDef;

/* One parsed command: the value of each option of its definition, by index. */
struct _MvshCmd {
    const MvshCmdDef *def;
    char **values;   /* NULL when absent; "" for a boolean that is set */
    MvshCmd *next;
};

struct _MvshControl {
    char *uri;
    virConnectPtr conn;
    bool readonly;
    bool quiet;
    bool quit;
    virErrorPtr last_error;  /* the library's error, saved by our handler */
};

/* The command tables, one per family, each terminated by a NULL name. */
extern const MvshCmdDef mvsh_host_cmds[];
extern const MvshCmdDef mvsh_domain_cmds[];
extern const MvshCmdDef mvsh_device_cmds[];
extern const MvshCmdDef mvsh_domain_event_cmds[];
extern const MvshCmdDef mvsh_network_event_cmds[];
extern const MvshCmdDef mvsh_network_cmds[];
extern const MvshCmdDef mvsh_nodedev_cmds[];
extern const MvshCmdDef mvsh_self_cmds[];

/* modvirt_domain_event.c: the wait shared by event and net-event. */
typedef struct {
    MvshControl *ctl;
    bool loop;          /* else one event ends the wait */
    bool timestamp;
    int count;
    bool done;
} MvshEventWait;

/* Prints msg (with a timestamp when asked), counts it, ends a one-shot wait. */
void mvsh_event_print(MvshEventWait *wait, const char *msg);
/* --timeout in seconds (0: none); -1, reported, when invalid. */
int mvsh_event_timeout(MvshControl *ctl, const MvshCmd *cmd, int *ret_timeout);
/* Runs the event loop until the wait is done, the timeout or ^C, then
 * prints how it ended and the count; true when an event arrived. */
bool mvsh_event_wait(MvshControl *ctl, MvshEventWait *wait, int timeout);

/* modvirt_util.c */
void mvsh_print(MvshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void mvsh_print_extra(MvshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void mvsh_error(MvshControl *ctl, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void mvsh_report_error(MvshControl *ctl);
void mvsh_reset_error(MvshControl *ctl);
void mvsh_error_handler(void *opaque, virErrorPtr err);

bool mvsh_opt_bool(const MvshCmd *cmd, const char *name);
const char *mvsh_opt_string(const MvshCmd *cmd, const char *name);
int mvsh_opt_int(MvshControl *ctl, const MvshCmd *cmd, const char *name, int *ret_value);
bool mvsh_opts_exclusive(MvshControl *ctl, const MvshCmd *cmd, const char *a, const char *b);
char *mvsh_read_file(MvshControl *ctl, const char *path);

typedef struct _MvshTable MvshTable;
MvshTable *mvsh_table_new(const char *first, ...) G_GNUC_NULL_TERMINATED;
void mvsh_table_add_row(MvshTable *table, const char *first, ...) G_GNUC_NULL_TERMINATED;
void mvsh_table_print(MvshControl *ctl, MvshTable *table);
void mvsh_table_free(MvshTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvshTable, mvsh_table_free)

/* modvirt_domain.c */
virDomainPtr mvsh_lookup_domain(MvshControl *ctl, const char *name);
virDomainPtr mvsh_cmd_domain(MvshControl *ctl, const MvshCmd *cmd, const char **ret_name);
const char *mvsh_domain_state_string(int state);

/* modvirt_console.c: the console command (in the domain table). */
extern const MvshOptDef mvsh_opts_console[];
bool mvsh_cmd_console(MvshControl *ctl, const MvshCmd *cmd);

/* modvirt.c */
const MvshCmdDef *mvsh_find_command(const char *name);
void mvsh_foreach_table(void (*fn)(const MvshCmdDef *cmds, void *opaque), void *opaque);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomain, virDomainFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNetwork, virNetworkFree)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virNodeDevice, virNodeDeviceFree)
