/* modvirt console: a running guest's console on the terminal, both ways, until ^] or the guest stops. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "modvirt.h"

/* virsh's escape character: ^] leaves the console. */
#define CONSOLE_ESCAPE 0x1d
/* How often the input loop looks whether the guest's side ended. */
#define CONSOLE_POLL_MS 100

typedef struct {
    virStreamPtr st;
    gint done;              /* the output side ended (EOF or error) */
    gint failed;            /* ... with an error */
    virErrorPtr error;      /* that error, copied in the reader's thread */
} ConsoleState;

/* The guest's output to stdout until the stream ends. */
static gpointer
console_reader(gpointer data)
{
    ConsoleState *state = data;
    char buf[4096];

    for (;;) {
        int n = virStreamRecv(state->st, buf, sizeof(buf));
        ssize_t off = 0;

        if (n < 0) {
            state->error = virSaveLastError();
            g_atomic_int_set(&state->failed, 1);
            break;
        }
        if (n == 0)
            break;
        while (off < n) {
            ssize_t w = write(STDOUT_FILENO, buf + off, n - off);

            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            off += w;
        }
    }
    g_atomic_int_set(&state->done, 1);
    return NULL;
}

/* stdin to the guest until ^], end of input, or the output side ended.
 * True when the user asked to leave. */
static bool
console_writer(ConsoleState *state)
{
    char buf[1024];

    while (!g_atomic_int_get(&state->done)) {
        struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
        char *esc;
        ssize_t n;
        int rc = poll(&pfd, 1, CONSOLE_POLL_MS);

        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0)
            continue;
        n = read(STDIN_FILENO, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return true;
        esc = memchr(buf, CONSOLE_ESCAPE, n);
        if (esc)
            n = esc - buf;
        if (n > 0 && virStreamSend(state->st, buf, n) < 0)
            return false;
        if (esc)
            return true;
    }
    return false;
}

bool
mvsh_cmd_console(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autoptr(virDomain) dom = mvsh_cmd_domain(ctl, cmd, NULL);
    ConsoleState state = { 0 };
    unsigned int flags = 0;
    struct termios saved;
    bool raw = false;
    bool ok = true;
    GThread *reader;
    int dom_state;

    if (!dom)
        return false;
    if (virDomainGetState(dom, &dom_state, NULL, 0) < 0) {
        mvsh_error(ctl, "%s", "Unable to get domain status");
        return false;
    }
    if (dom_state == VIR_DOMAIN_SHUTOFF) {
        mvsh_error(ctl, "%s", "The domain is not running");
        return false;
    }
    if (!isatty(STDIN_FILENO)) {
        mvsh_error(ctl, "%s", "Cannot run interactive console without a controlling TTY");
        return false;
    }
    if (mvsh_opt_bool(cmd, "force"))
        flags |= VIR_DOMAIN_CONSOLE_FORCE;
    if (mvsh_opt_bool(cmd, "safe"))
        flags |= VIR_DOMAIN_CONSOLE_SAFE;

    mvsh_print_extra(ctl, "Connected to domain '%s'\n", virDomainGetName(dom));
    mvsh_print_extra(ctl, "%s", "Escape character is ^] (Ctrl + ])\n");
    fflush(stdout);

    if (!(state.st = virStreamNew(ctl->conn, 0)))
        return false;
    if (virDomainOpenConsole(dom, mvsh_opt_string(cmd, "devname"), state.st, flags) < 0) {
        virStreamFree(state.st);
        return false;
    }

    if (tcgetattr(STDIN_FILENO, &saved) == 0) {
        struct termios tio = saved;

        cfmakeraw(&tio);
        raw = tcsetattr(STDIN_FILENO, TCSAFLUSH, &tio) == 0;
    }

    reader = g_thread_new("modvirt-console", console_reader, &state);
    if (console_writer(&state)) {
        /* Leaving: the finish also wakes the reader. */
        if (virStreamFinish(state.st) < 0 && !g_atomic_int_get(&state.done))
            ok = false;
    } else if (!g_atomic_int_get(&state.done)) {
        ok = false;
        virStreamAbort(state.st);
    }
    g_thread_join(reader);

    if (raw)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    mvsh_print_extra(ctl, "%s", "\n");
    if (g_atomic_int_get(&state.failed) && state.error) {
        mvsh_error(ctl, "%s", state.error->message ? state.error->message : "console failed");
        ok = false;
    }
    if (state.error)
        virFreeError(state.error);
    virStreamFree(state.st);
    return ok;
}

const MvshOptDef mvsh_opts_console[] = {
    { "domain", MVSH_OT_STRING, MVSH_OFLAG_REQ, "domain name, id or uuid" },
    { "devname", MVSH_OT_STRING, 0, "character device name" },
    { "force", MVSH_OT_BOOL, 0, "force console connection (disconnect already connected sessions)" },
    { "safe", MVSH_OT_BOOL, 0, "only connect if safe console handling is supported" },
    { NULL, 0, 0, NULL },
};
