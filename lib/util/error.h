/* Error reporting: libvirt-compatible error values, one thread-local last error. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define VIR_ENUM_SENTINELS
#include <libvirt/virterror.h>

/* Each .c file may name its error domain before including this header:
 *   #define MV_FROM_THIS VIR_FROM_QEMU */
#ifndef MV_FROM_THIS
# define MV_FROM_THIS VIR_FROM_NONE
#endif

/* The internal twin of the public virError: no object handles. */
typedef struct {
    int code;        /* virErrorNumber */
    int domain;      /* virErrorDomain */
    int level;       /* virErrorLevel */
    char *message;   /* mv_error_format_message(code, str1) */
    char *str1;
    char *str2;
    char *str3;
    int int1;
    int int2;
} MvError;

void mv_error_free(MvError *err);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvError, mv_error_free)

MvError *mv_error_copy(const MvError *err);

/* Records an error as the calling thread's last error and logs it.
 * Use through mv_report_error() so the call site is logged. */
void mv_error_report_full(const char *module, int domain, int code,
                          const char *file, const char *func, int line,
                          const char *fmt, ...) G_GNUC_PRINTF(7, 8);

/* Same, for a failed system call: the message ends with strerror(errnum)
 * and int1 holds errnum. */
void mv_error_report_system_full(const char *module, int domain, int errnum,
                                 const char *file, const char *func, int line,
                                 const char *fmt, ...) G_GNUC_PRINTF(7, 8);

#ifndef MV_LOG_MODULE
# define MV_LOG_MODULE "modvirt"
#endif

#define mv_report_error(code, ...) \
    mv_error_report_full(MV_LOG_MODULE, MV_FROM_THIS, (code), \
                         __FILE__, __func__, __LINE__, __VA_ARGS__)

#define mv_report_system_error(errnum, ...) \
    mv_error_report_system_full(MV_LOG_MODULE, MV_FROM_THIS, (errnum), \
                                __FILE__, __func__, __LINE__, __VA_ARGS__)

/* The calling thread's last error, or NULL. Owned by the thread. */
const MvError *mv_error_last(void);

/* Code of the last error, VIR_ERR_OK (0) when there is none. */
int mv_error_last_code(void);

/* Message of the last error, or a generic text when there is none. */
const char *mv_error_last_message(void);

/* Replaces the last error with a copy of err (for errors received over RPC). */
void mv_error_set(const MvError *err);

void mv_error_reset(void);

/* Takes the last error out of the thread (for saving across cleanup code
 * that may report errors of its own); mv_error_restore puts it back. */
MvError *mv_error_save(void);
void mv_error_restore(MvError *err);

/* libvirt's text for an error code with no detail, e.g. "internal error". */
const char *mv_error_code_prefix(int code);

/* The full message for a code and a detail, as libvirt words it:
 * "internal error: <detail>", "domain 'x' exists already", ... */
char *mv_error_format_message(int code, const char *detail);
