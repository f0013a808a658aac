/* Test helpers for tests that make links: a body run inside fresh network and pid namespaces, the tools (ip, tc, nft...) found and run, links read from /sys. */
#pragma once

#include <glib.h>
#include <stdbool.h>

/* What mv_test_ns_run() gives the body besides fresh network and pid namespaces. */
typedef enum {
    /* A mount namespace too, with / private and a /proc of the new pid
     * namespace (so that the body sees its daemons' children by pid). */
    MV_TEST_NS_MOUNT_PROC = 1 << 0,
    /* And a /sys of the new network namespace, so that /sys/class/net
     * shows its links; only with MV_TEST_NS_MOUNT_PROC. */
    MV_TEST_NS_MOUNT_SYS = 1 << 1,
} MvTestNsFlags;

typedef struct {
    MvTestNsFlags flags;
    /* How long the body may run before it is killed and the test fails. */
    unsigned int timeout_ms;
    /* A directory removed once the body's process is gone, whatever
     * happened to it (NULL: none). */
    const char *scratch;
} MvTestNsConfig;

typedef void (*MvTestNsBody)(gconstpointer data);

/* Runs body(data) as init of fresh namespaces as config says: when it
 * returns, fails or hangs, every process it started dies with them, and
 * the host's links are never touched. Its stdout goes to stderr (the TAP
 * output belongs to the test alone). The test is skipped, with the reason,
 * when the namespaces cannot be made or the body calls mv_test_ns_skip();
 * it fails (g_error) when the body failed or did not finish in time. */
void mv_test_ns_run(const MvTestNsConfig *config, MvTestNsBody body, gconstpointer data);

/* In a body of mv_test_ns_run(): ends it, and the test is skipped with
 * reason (after what could be checked without the missing part was). */
G_GNUC_NORETURN void mv_test_ns_skip(const char *reason);

/* An fd of the calling thread's network namespace, for mv_test_ns_enter_net(). */
int mv_test_ns_open_net(void);

/* setns() into the network namespace of fd; it must work. */
void mv_test_ns_enter_net(int fd);

/* How long one run of a tool may take. */
#define MV_TEST_TOOL_TIMEOUT_MS 30000

/* A program by name from PATH or the sbin and bin directories (where root's
 * tools are when PATH lacks them); NULL if it is not there. */
char *mv_test_find_tool(const char *name);

/* Runs the tool argv[0] (by name, as mv_test_find_tool() finds it; it
 * must be there) with argv[1...] for at most MV_TEST_TOOL_TIMEOUT_MS;
 * returns its exit code (-1 on timeout), its stdout in ret_out (may be
 * NULL). What a failing tool said goes to stderr. */
int mv_test_tool_run(const char *const *argv, char **ret_out);

/* mv_test_tool_run() of name and the arguments after it (NULL-terminated). */
int mv_test_tool(char **ret_out, const char *name, ...) G_GNUC_NULL_TERMINATED;

/* mv_test_tool() of "name", args... without their output: its exit code. */
#define MV_TEST_TOOL(...) mv_test_tool(NULL, __VA_ARGS__, NULL)

/* mv_test_tool_run() that must succeed; its stdout ("" when none). */
char *mv_test_tool_output(const char *const *argv);

/* mv_test_tool_run() that must succeed. */
void mv_test_tool_check(const char *const *argv);

/* /sys/class/net/IFNAME exists (with MV_TEST_NS_MOUNT_SYS: a link of the
 * body's network namespace). */
bool mv_test_link_exists(const char *ifname);

/* /sys/class/net/IFNAME/FILE without its newline; NULL when not there. */
char *mv_test_link_sysfs(const char *ifname, const char *file);

/* The bridge ifname is a port of, or NULL. */
char *mv_test_link_master(const char *ifname);

/* How many links have a name that starts with prefix. */
guint mv_test_link_count(const char *prefix);
