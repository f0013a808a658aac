/* The RPC benchmark: round-trip time and calls per second of a trivial call, through a public-API library loaded at run time (libmodvirt or libvirt's) or through lib/rpc directly. */
#include <dlfcn.h>
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "protocol/remote.h"
#include "rpc/client.h"
#include "util/error.h"

#define WARMUP_CALLS 500

/* The public API, looked up in the library named by --lib: the same
 * binary measures libmodvirt.so and Debian's libvirt.so.0. */
typedef struct {
    virConnectPtr (*open)(const char *uri);
    int (*close)(virConnectPtr conn);
    char *(*get_hostname)(virConnectPtr conn);
    int (*get_lib_version)(virConnectPtr conn, unsigned long *ver);
} Api;

typedef struct {
    const char *lib;            /* api mode */
    const char *socket;         /* rpc mode */
    const char *uri;
    const char *call;           /* "hostname" or "libversion" */
    int calls;
    int threads;
    bool shared;                /* one connection for every thread */
} Options;

/* One connection of either kind. */
typedef struct {
    virConnectPtr conn;
    MvRpcClient *client;
} Conn;

typedef struct {
    const Options *opts;
    const Api *api;
    Conn *conn;
    int calls;
    gint64 *lat_ns;             /* calls entries */
    bool failed;
    pthread_barrier_t *start;  /* NULL: one thread */
} Worker;

static Api api;

static gint64
now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
api_load(const char *path)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

    if (!h) {
        g_printerr("rpc-bench: %s\n", dlerror());
        return -1;
    }
    api.open = (virConnectPtr (*)(const char *)) dlsym(h, "virConnectOpen");
    api.close = (int (*)(virConnectPtr)) dlsym(h, "virConnectClose");
    api.get_hostname = (char *(*)(virConnectPtr)) dlsym(h, "virConnectGetHostname");
    api.get_lib_version = (int (*)(virConnectPtr, unsigned long *)) dlsym(h, "virConnectGetLibVersion");
    if (!api.open || !api.close || !api.get_hostname || !api.get_lib_version) {
        g_printerr("rpc-bench: %s lacks the public API\n", path);
        return -1;
    }
    return 0;
}

static int
conn_open(const Options *opts, Conn *conn)
{
    if (opts->lib) {
        if (!(conn->conn = api.open(opts->uri))) {
            g_printerr("rpc-bench: cannot open %s\n", opts->uri);
            return -1;
        }
        return 0;
    }

    remote_connect_open_args args = { .name = (char **) &opts->uri, .flags = 0 };

    if (!(conn->client = mv_rpc_client_new_unix(opts->socket, 10000)) ||
        mv_rpc_client_call(conn->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                           REMOTE_PROC_CONNECT_OPEN, (xdrproc_t) xdr_remote_connect_open_args,
                           &args, NULL, NULL) < 0) {
        g_printerr("rpc-bench: cannot open %s on %s: %s\n", opts->uri, opts->socket,
                   mv_error_last_message());
        return -1;
    }
    return 0;
}

static void
conn_close(Conn *conn)
{
    if (conn->conn)
        api.close(conn->conn);
    if (conn->client) {
        /* Said goodbye first, as libvirt's client does. */
        mv_rpc_client_call(conn->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                           REMOTE_PROC_CONNECT_CLOSE, NULL, NULL, NULL, NULL);
        mv_rpc_client_free(conn->client);
    }
}

/* One trivial call; 0 on success. */
static int
one_call(const Options *opts, Conn *conn)
{
    if (conn->conn) {
        if (strcmp(opts->call, "hostname") == 0) {
            char *name = api.get_hostname(conn->conn);

            free(name);
            return name ? 0 : -1;
        }
        unsigned long ver;

        return api.get_lib_version(conn->conn, &ver);
    }

    remote_connect_get_lib_version_ret ret = { 0 };

    return mv_rpc_client_call(conn->client, REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION,
                              REMOTE_PROC_CONNECT_GET_LIB_VERSION, NULL, NULL,
                              (xdrproc_t) xdr_remote_connect_get_lib_version_ret, &ret);
}

static gpointer
worker_run(gpointer data)
{
    Worker *w = data;

    for (int i = 0; i < WARMUP_CALLS / w->opts->threads + 1; i++) {
        if (one_call(w->opts, w->conn) < 0) {
            w->failed = true;
            break;
        }
    }
    if (w->start)
        pthread_barrier_wait(w->start);
    for (int i = 0; i < w->calls && !w->failed; i++) {
        gint64 t0 = now_ns();

        if (one_call(w->opts, w->conn) < 0)
            w->failed = true;
        w->lat_ns[i] = now_ns() - t0;
    }
    /* The error is this thread's. */
    if (w->failed)
        g_printerr("rpc-bench: a call failed: %s\n",
                   w->conn->conn ? "see the library's message above" : mv_error_last_message());
    return NULL;
}

static int
cmp_i64(const void *a, const void *b)
{
    gint64 x = *(const gint64 *) a;
    gint64 y = *(const gint64 *) b;

    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    Options opts = { .call = "hostname", .calls = 20000, .threads = 1 };
    g_autofree char *lib = NULL;
    g_autofree char *sock = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *call = NULL;
    gboolean shared = FALSE;
    GOptionEntry entries[] = {
        { "lib", 0, 0, G_OPTION_ARG_FILENAME, &lib, "public-API library to load (api mode)", "PATH" },
        { "socket", 0, 0, G_OPTION_ARG_FILENAME, &sock, "daemon socket for lib/rpc (rpc mode)", "PATH" },
        { "uri", 0, 0, G_OPTION_ARG_STRING, &uri, "URI to open", "URI" },
        { "call", 0, 0, G_OPTION_ARG_STRING, &call, "api mode: hostname (default) or libversion", "NAME" },
        { "calls", 0, 0, G_OPTION_ARG_INT, &opts.calls, "timed calls in all (default 20000)", "N" },
        { "threads", 0, 0, G_OPTION_ARG_INT, &opts.threads, "client threads (default 1)", "N" },
        { "shared", 0, 0, G_OPTION_ARG_NONE, &shared, "all threads on one connection", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- round trips of a trivial call");
    g_autoptr(GError) err = NULL;
    g_autofree Conn *conns = NULL;
    g_autofree Worker *workers = NULL;
    g_autofree GThread **tids = NULL;
    g_autofree gint64 *all = NULL;
    pthread_barrier_t start_barrier;
    pthread_barrier_t *start = NULL;
    int nconns;
    gint64 t0;
    gint64 wall;
    size_t n = 0;
    int rc = 0;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        g_printerr("rpc-bench: %s\n", err->message);
        return 2;
    }
    if (!uri || !!lib == !!sock || opts.calls < 1 || opts.threads < 1) {
        g_printerr("rpc-bench: give --uri and one of --lib or --socket\n");
        return 2;
    }
    opts.lib = lib;
    opts.socket = sock;
    opts.uri = uri;
    opts.shared = shared;
    if (call)
        opts.call = call;
    if (lib && api_load(lib) < 0)
        return 1;

    nconns = opts.shared ? 1 : opts.threads;
    conns = g_new0(Conn, nconns);
    for (int i = 0; i < nconns; i++) {
        if (conn_open(&opts, &conns[i]) < 0)
            return 1;
    }

    workers = g_new0(Worker, opts.threads);
    tids = g_new0(GThread *, opts.threads);
    if (opts.threads > 1) {
        start = &start_barrier;
        pthread_barrier_init(start, NULL, opts.threads + 1);
    }
    for (int i = 0; i < opts.threads; i++) {
        Worker *w = &workers[i];

        w->opts = &opts;
        w->conn = &conns[opts.shared ? 0 : i];
        w->calls = opts.calls / opts.threads + (i < opts.calls % opts.threads);
        w->lat_ns = g_new0(gint64, w->calls);
        w->start = start;
    }

    if (opts.threads == 1) {
        /* The warm-up is not timed: the wall time is the calls' sum. */
        worker_run(&workers[0]);
        wall = 0;
        for (int i = 0; i < workers[0].calls; i++)
            wall += workers[0].lat_ns[i];
    } else {
        for (int i = 0; i < opts.threads; i++)
            tids[i] = g_thread_new("bench", worker_run, &workers[i]);
        pthread_barrier_wait(start);
        t0 = now_ns();
        for (int i = 0; i < opts.threads; i++)
            g_thread_join(tids[i]);
        wall = now_ns() - t0;
    }

    all = g_new0(gint64, opts.calls);
    for (int i = 0; i < opts.threads; i++) {
        if (workers[i].failed)
            rc = 1;
        memcpy(all + n, workers[i].lat_ns, workers[i].calls * sizeof(gint64));
        n += workers[i].calls;
        g_free(workers[i].lat_ns);
    }
    qsort(all, n, sizeof(gint64), cmp_i64);
    printf("calls=%zu threads=%d conns=%d median_us=%.1f p99_us=%.1f calls_per_s=%.0f\n",
           n, opts.threads, nconns, all[n / 2] / 1000.0, all[(n * 99) / 100] / 1000.0,
           n / (wall / 1e9));

    for (int i = 0; i < nconns; i++)
        conn_close(&conns[i]);
    if (start)
        pthread_barrier_destroy(start);
    return rc;
}
