/* Running commands: argv building, environment, cwd, fds, captured output, timeouts. */
#define MV_LOG_MODULE "util.command"
#define MV_FROM_THIS VIR_FROM_NONE

#include "command.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "log.h"

/* How long a child gets between SIGTERM and SIGKILL. */
#define KILL_GRACE_US (2 * G_USEC_PER_SEC)

/* Without a pidfd, how often the run loop looks for the child's exit. */
#define EXIT_POLL_MS 50

#define IO_CHUNK 4096

typedef struct {
    int parent_fd;
    int child_fd;
} PassFd;

struct _MvCommand {
    GPtrArray *args;        /* char *; args[0] is the program */
    GPtrArray *env_names;   /* char *, in the order they were set */
    GPtrArray *env_values;  /* char *, NULL unsets the variable */
    bool inherit_env;
    char *cwd;
    GArray *fds;            /* PassFd */
    char *input;
    bool capture;
    int output_fd;          /* spawn: stdout and stderr go here; -1 inherits */
    unsigned int timeout_ms;
};

/* What the child failed at, sent to the parent before _exit(). */
typedef enum {
    CHILD_STAGE_FDS,
    CHILD_STAGE_CHDIR,
    CHILD_STAGE_EXEC,
} ChildStage;

typedef struct {
    int stage;
    int errnum;
} ChildFailure;

/* Everything the child needs, prepared before fork(): between fork() and
 * exec() only async-signal-safe calls are allowed, so no allocation. */
typedef struct {
    const char *path;
    char **argv;
    char **envp;
    const char *cwd;
    int stdio[3];           /* becomes fd 0, 1, 2; -1 keeps the parent's */
    const PassFd *fds;
    size_t nfds;
    int *scratch;           /* 3 + nfds slots */
    int high;               /* above every fd number the plan mentions */
    long max_fd;
    int errfd;
} ChildPlan;

static const char *const passthrough_env[] = {
    "PATH", "HOME", "USER", "LOGNAME", "LANG", "TMPDIR",
};

MvCommand *
mv_command_new(const char *binary)
{
    const char *argv[] = { binary, NULL };

    return mv_command_new_argv(argv);
}

MvCommand *
mv_command_new_argv(const char *const *argv)
{
    MvCommand *cmd = g_new0(MvCommand, 1);

    cmd->args = g_ptr_array_new_with_free_func(g_free);
    cmd->env_names = g_ptr_array_new_with_free_func(g_free);
    cmd->env_values = g_ptr_array_new_with_free_func(g_free);
    cmd->output_fd = -1;
    cmd->fds = g_array_new(FALSE, FALSE, sizeof(PassFd));
    for (size_t i = 0; argv && argv[i]; i++)
        g_ptr_array_add(cmd->args, g_strdup(argv[i]));
    return cmd;
}

void
mv_command_free(MvCommand *cmd)
{
    if (!cmd)
        return;
    g_ptr_array_unref(cmd->args);
    g_ptr_array_unref(cmd->env_names);
    g_ptr_array_unref(cmd->env_values);
    g_array_unref(cmd->fds);
    g_free(cmd->cwd);
    g_free(cmd->input);
    g_free(cmd);
}

void
mv_command_add_arg(MvCommand *cmd, const char *arg)
{
    g_return_if_fail(arg != NULL);
    g_ptr_array_add(cmd->args, g_strdup(arg));
}

void
mv_command_add_arg_format(MvCommand *cmd, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(cmd->args, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

void
mv_command_add_arg_pair(MvCommand *cmd, const char *name, const char *value)
{
    if (value)
        g_ptr_array_add(cmd->args, g_strdup_printf("%s=%s", name, value));
    else
        mv_command_add_arg(cmd, name);
}

void
mv_command_add_args(MvCommand *cmd, ...)
{
    const char *arg;
    va_list ap;

    va_start(ap, cmd);
    while ((arg = va_arg(ap, const char *)))
        g_ptr_array_add(cmd->args, g_strdup(arg));
    va_end(ap);
}

void
mv_command_inherit_env(MvCommand *cmd)
{
    cmd->inherit_env = true;
}

void
mv_command_set_env(MvCommand *cmd, const char *name, const char *value)
{
    g_return_if_fail(name != NULL && *name && !strchr(name, '='));
    g_ptr_array_add(cmd->env_names, g_strdup(name));
    g_ptr_array_add(cmd->env_values, g_strdup(value));
}

void
mv_command_set_cwd(MvCommand *cmd, const char *dir)
{
    g_free(cmd->cwd);
    cmd->cwd = g_strdup(dir);
}

void
mv_command_set_output_fd(MvCommand *cmd, int fd)
{
    cmd->output_fd = fd;
}

void
mv_command_pass_fd(MvCommand *cmd, int parent_fd, int child_fd)
{
    PassFd pass = { parent_fd, child_fd };

    g_array_append_val(cmd->fds, pass);
}

void
mv_command_set_input(MvCommand *cmd, const char *input)
{
    g_free(cmd->input);
    cmd->input = g_strdup(input);
}

void
mv_command_capture_output(MvCommand *cmd)
{
    cmd->capture = true;
}

void
mv_command_set_timeout(MvCommand *cmd, unsigned int timeout_ms)
{
    cmd->timeout_ms = timeout_ms;
}

static bool
is_shell_safe(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        if (!g_ascii_isalnum(*s) && !strchr("_./:=,+-@%", *s))
            return false;
    }
    return true;
}

static void
append_quoted(GString *out, const char *s)
{
    g_autofree char *quoted = NULL;

    if (out->len > 0)
        g_string_append_c(out, ' ');
    if (is_shell_safe(s)) {
        g_string_append(out, s);
        return;
    }
    quoted = g_shell_quote(s);
    g_string_append(out, quoted);
}

char *
mv_command_to_string(const MvCommand *cmd)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < cmd->env_names->len; i++) {
        const char *value = g_ptr_array_index(cmd->env_values, i);
        g_autofree char *quoted = NULL;

        if (!value)
            continue;
        if (out->len > 0)
            g_string_append_c(out, ' ');
        quoted = is_shell_safe(value) ? g_strdup(value) : g_shell_quote(value);
        g_string_append_printf(out, "%s=%s",
                               (const char *) g_ptr_array_index(cmd->env_names, i), quoted);
    }
    for (guint i = 0; i < cmd->args->len; i++)
        append_quoted(out, g_ptr_array_index(cmd->args, i));
    return g_string_free(out, FALSE);
}

static bool
is_passthrough_env(const char *entry)
{
    size_t name_len = strcspn(entry, "=");

    if (g_str_has_prefix(entry, "LC_"))
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(passthrough_env); i++) {
        if (strlen(passthrough_env[i]) == name_len &&
            strncmp(entry, passthrough_env[i], name_len) == 0)
            return true;
    }
    return false;
}

static char **
build_env(const MvCommand *cmd)
{
    g_auto(GStrv) parent = g_get_environ();
    char **env;

    if (cmd->inherit_env) {
        env = g_steal_pointer(&parent);
    } else {
        g_autoptr(GPtrArray) kept = g_ptr_array_new();

        for (size_t i = 0; parent[i]; i++) {
            if (is_passthrough_env(parent[i]))
                g_ptr_array_add(kept, g_strdup(parent[i]));
        }
        g_ptr_array_add(kept, NULL);
        env = (char **) g_ptr_array_free(g_steal_pointer(&kept), FALSE);
    }

    for (guint i = 0; i < cmd->env_names->len; i++) {
        const char *name = g_ptr_array_index(cmd->env_names, i);
        const char *value = g_ptr_array_index(cmd->env_values, i);

        if (value)
            env = g_environ_setenv(env, name, value, TRUE);
        else
            env = g_environ_unsetenv(env, name);
    }
    return env;
}

/* Checks what the setters could not refuse; reports naming the command. */
static int
command_validate(const MvCommand *cmd)
{
    g_autofree char *line = NULL;

    if (cmd->args->len == 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "command has no program to run");
        return -1;
    }

    for (guint i = 0; i < cmd->fds->len; i++) {
        const PassFd *pass = &g_array_index(cmd->fds, PassFd, i);

        if (pass->parent_fd < 0 || pass->child_fd <= 2) {
            line = mv_command_to_string(cmd);
            mv_report_error(VIR_ERR_INVALID_ARG,
                            "cannot pass fd %d as fd %d to command '%s'",
                            pass->parent_fd, pass->child_fd, line);
            return -1;
        }
        for (guint j = 0; j < i; j++) {
            if (g_array_index(cmd->fds, PassFd, j).child_fd == pass->child_fd) {
                line = mv_command_to_string(cmd);
                mv_report_error(VIR_ERR_INVALID_ARG,
                                "fd %d is passed twice to command '%s'",
                                pass->child_fd, line);
                return -1;
            }
        }
    }
    return 0;
}

static char *
resolve_program(const char *program)
{
    char *path;

    if (strchr(program, '/'))
        return g_strdup(program);

    path = g_find_program_in_path(program);
    if (!path)
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "cannot find program '%s' in PATH", program);
    return path;
}

G_GNUC_NORETURN static void
child_fail(int errfd, ChildStage stage, int errnum)
{
    ChildFailure failure = { stage, errnum };
    ssize_t done;

    do {
        done = write(errfd, &failure, sizeof(failure));
    } while (done < 0 && errno == EINTR);
    _exit(127);
}

/* Marks every fd from 3 up close-on-exec; what the child keeps is dup2()ed
 * into place afterwards, which clears the flag on the copies. */
static int
child_mark_cloexec(long max_fd)
{
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return 0;

    for (long fd = 3; fd < max_fd; fd++) {
        int flags = fcntl((int) fd, F_GETFD);

        if (flags >= 0 && fcntl((int) fd, F_SETFD, flags | FD_CLOEXEC) < 0)
            return -1;
    }
    return 0;
}

/* Runs in the child: async-signal-safe calls only. */
G_GNUC_NORETURN static void
child_exec(ChildPlan *plan)
{
    struct sigaction dfl = { .sa_handler = SIG_DFL };
    sigset_t none;
    int errfd;

    errfd = fcntl(plan->errfd, F_DUPFD_CLOEXEC, plan->high);
    if (errfd < 0)
        child_fail(plan->errfd, CHILD_STAGE_FDS, errno);

    /* Every source moves above all targets first, so that placing one
     * target can never overwrite a source still to be placed. */
    for (int i = 0; i < 3; i++) {
        plan->scratch[i] = -1;
        if (plan->stdio[i] >= 0 &&
            (plan->scratch[i] = fcntl(plan->stdio[i], F_DUPFD_CLOEXEC, plan->high)) < 0)
            child_fail(errfd, CHILD_STAGE_FDS, errno);
    }
    for (size_t i = 0; i < plan->nfds; i++) {
        plan->scratch[3 + i] = fcntl(plan->fds[i].parent_fd, F_DUPFD_CLOEXEC, plan->high);
        if (plan->scratch[3 + i] < 0)
            child_fail(errfd, CHILD_STAGE_FDS, errno);
    }

    if (child_mark_cloexec(plan->max_fd) < 0)
        child_fail(errfd, CHILD_STAGE_FDS, errno);

    for (int i = 0; i < 3; i++) {
        if (plan->scratch[i] >= 0 && dup2(plan->scratch[i], i) < 0)
            child_fail(errfd, CHILD_STAGE_FDS, errno);
    }
    for (size_t i = 0; i < plan->nfds; i++) {
        if (dup2(plan->scratch[3 + i], plan->fds[i].child_fd) < 0)
            child_fail(errfd, CHILD_STAGE_FDS, errno);
    }

    /* The parent blocked every signal around fork(); handlers and ignored
     * signals of the daemon are no business of the program we run. */
    for (int sig = 1; sig < NSIG; sig++)
        sigaction(sig, &dfl, NULL);
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);

    if (plan->cwd && chdir(plan->cwd) < 0)
        child_fail(errfd, CHILD_STAGE_CHDIR, errno);

    execve(plan->path, plan->argv, plan->envp);
    child_fail(errfd, CHILD_STAGE_EXEC, errno);
}

static pid_t
waitpid_retry(pid_t pid, int *status, int flags)
{
    pid_t got;

    do {
        got = waitpid(pid, status, flags);
    } while (got < 0 && errno == EINTR);
    return got;
}

static void
report_child_failure(const MvCommand *cmd, const char *path, const ChildFailure *failure)
{
    g_autofree char *line = mv_command_to_string(cmd);

    switch ((ChildStage) failure->stage) {
    case CHILD_STAGE_CHDIR:
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "cannot change to directory '%s' for command '%s': %s",
                        cmd->cwd, line, g_strerror(failure->errnum));
        break;
    case CHILD_STAGE_EXEC:
        mv_report_error(VIR_ERR_INTERNAL_ERROR, "cannot execute '%s': %s",
                        path, g_strerror(failure->errnum));
        break;
    case CHILD_STAGE_FDS:
    default:
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "cannot set up file descriptors for command '%s': %s",
                        line, g_strerror(failure->errnum));
        break;
    }
}

/* Forks and execs a validated command; stdio[i] >= 0 becomes the child's
 * fd i (the caller keeps and closes its own copies). Returns only once the
 * program runs. */
static int
command_start(const MvCommand *cmd, const int stdio[3], pid_t *ret_pid)
{
    g_autofree char *path = NULL;
    g_autofree char **argv = NULL;
    g_auto(GStrv) envp = NULL;
    g_autofree int *scratch = NULL;
    ChildPlan plan = { 0 };
    ChildFailure failure;
    sigset_t all;
    sigset_t old_mask;
    int errpipe[2];
    ssize_t got;
    pid_t pid;
    int high = 3;
    int fork_errno;

    if (!(path = resolve_program(g_ptr_array_index(cmd->args, 0))))
        return -1;

    argv = g_new0(char *, cmd->args->len + 1);
    for (guint i = 0; i < cmd->args->len; i++)
        argv[i] = g_ptr_array_index(cmd->args, i);
    envp = build_env(cmd);
    scratch = g_new0(int, 3 + cmd->fds->len);

    if (pipe2(errpipe, O_CLOEXEC) < 0) {
        mv_report_system_error(errno, "cannot create a pipe to run '%s'", path);
        return -1;
    }

    for (int i = 0; i < 3; i++)
        high = MAX(high, stdio[i] + 1);
    for (guint i = 0; i < cmd->fds->len; i++) {
        const PassFd *pass = &g_array_index(cmd->fds, PassFd, i);

        high = MAX(high, MAX(pass->parent_fd, pass->child_fd) + 1);
    }
    high = MAX(high, errpipe[1] + 1);

    plan.path = path;
    plan.argv = argv;
    plan.envp = envp;
    plan.cwd = cmd->cwd;
    memcpy(plan.stdio, stdio, sizeof(plan.stdio));
    plan.fds = (const PassFd *) cmd->fds->data;
    plan.nfds = cmd->fds->len;
    plan.scratch = scratch;
    plan.high = high;
    plan.max_fd = MAX(sysconf(_SC_OPEN_MAX), (long) high);
    plan.errfd = errpipe[1];

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old_mask);
    pid = fork();
    fork_errno = errno;
    if (pid == 0)
        child_exec(&plan);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);

    close(errpipe[1]);
    if (pid < 0) {
        close(errpipe[0]);
        mv_report_system_error(fork_errno, "cannot fork to run '%s'", path);
        return -1;
    }

    /* The write end closes on exec: EOF means the program runs. */
    do {
        got = read(errpipe[0], &failure, sizeof(failure));
    } while (got < 0 && errno == EINTR);
    close(errpipe[0]);

    if (got > 0) {
        int status;

        waitpid_retry(pid, &status, 0);
        if (got != sizeof(failure)) {
            failure.stage = CHILD_STAGE_EXEC;
            failure.errnum = EIO;
        }
        report_child_failure(cmd, path, &failure);
        return -1;
    }

    MV_DEBUG("started pid %lld: %s", (long long) pid, path);
    *ret_pid = pid;
    return 0;
}

int
mv_command_spawn(MvCommand *cmd, pid_t *ret_pid)
{
    int stdio[3] = { -1, -1, -1 };
    int ret;

    if (cmd->input || cmd->capture || cmd->timeout_ms) {
        g_autofree char *line = mv_command_to_string(cmd);

        mv_report_error(VIR_ERR_OPERATION_INVALID,
                        "input, output capture and timeouts need mv_command_run, not spawn, for '%s'",
                        line);
        return -1;
    }

    if (command_validate(cmd) < 0)
        return -1;

    stdio[1] = cmd->output_fd;
    stdio[2] = cmd->output_fd;
    stdio[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (stdio[0] < 0) {
        mv_report_system_error(errno, "cannot open '%s'", "/dev/null");
        return -1;
    }
    ret = command_start(cmd, stdio, ret_pid);
    close(stdio[0]);
    return ret;
}

/* The parent's side of one mv_command_run(). */
typedef struct {
    pid_t pid;
    int pidfd;
    int in_fd;
    const char *input;
    size_t input_len;
    size_t input_done;
    int out_fd;
    int err_fd;
    GByteArray *out;
    GByteArray *err;
    bool exited;
    int wait_status;
    bool timed_out;
    bool input_broken;
} RunState;

static void
close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
        *fd = -1;
    }
}

static void
set_nonblock(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags >= 0)
        fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static void
run_write_input(RunState *st)
{
    ssize_t done = write(st->in_fd, st->input + st->input_done,
                         MIN(st->input_len - st->input_done, (size_t) IO_CHUNK));

    if (done < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        /* EPIPE: the child does not read its input, which is its right. */
        if (errno == EPIPE)
            st->input_broken = true;
        else
            MV_WARN("cannot write the input of pid %lld: %s",
                    (long long) st->pid, g_strerror(errno));
        close_fd(&st->in_fd);
        return;
    }
    st->input_done += (size_t) done;
    if (st->input_done == st->input_len)
        close_fd(&st->in_fd);
}

static void
run_read_output(int *fd, GByteArray *buf, pid_t pid)
{
    char chunk[IO_CHUNK];
    ssize_t got = read(*fd, chunk, sizeof(chunk));

    if (got < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return;
        MV_WARN("cannot read the output of pid %lld: %s", (long long) pid, g_strerror(errno));
        close_fd(fd);
        return;
    }
    if (got == 0) {
        close_fd(fd);
        return;
    }
    g_byte_array_append(buf, (const guint8 *) chunk, (guint) got);
}

static void
run_check_exit(RunState *st)
{
    if (st->exited)
        return;
    if (waitpid_retry(st->pid, &st->wait_status, WNOHANG) == st->pid) {
        st->exited = true;
        close_fd(&st->pidfd);
    }
}

static int
poll_timeout_ms(gint64 now, gint64 until)
{
    if (until <= now)
        return 0;
    return (int) MIN((until - now + 999) / 1000, (gint64) G_MAXINT);
}

/* Feeds input, collects output and waits for the child, killing it when
 * the deadline passes. Always ends with the child reaped. */
static void
run_loop(RunState *st, unsigned int timeout_ms)
{
    gint64 deadline = timeout_ms ? g_get_monotonic_time() + (gint64) timeout_ms * 1000 : 0;
    gint64 kill_at = 0;
    bool term_sent = false;
    bool kill_sent = false;

    for (;;) {
        struct pollfd pfd[4];
        int *owners[4];
        nfds_t n = 0;
        int wait_ms = -1;
        gint64 now;

        if (st->exited && st->in_fd < 0 && st->out_fd < 0 && st->err_fd < 0)
            break;
        if (st->exited && st->timed_out)
            break;

        if (st->in_fd >= 0) {
            pfd[n] = (struct pollfd) { .fd = st->in_fd, .events = POLLOUT };
            owners[n++] = &st->in_fd;
        }
        if (st->out_fd >= 0) {
            pfd[n] = (struct pollfd) { .fd = st->out_fd, .events = POLLIN };
            owners[n++] = &st->out_fd;
        }
        if (st->err_fd >= 0) {
            pfd[n] = (struct pollfd) { .fd = st->err_fd, .events = POLLIN };
            owners[n++] = &st->err_fd;
        }
        if (!st->exited && st->pidfd >= 0) {
            pfd[n] = (struct pollfd) { .fd = st->pidfd, .events = POLLIN };
            owners[n++] = &st->pidfd;
        } else if (!st->exited) {
            wait_ms = EXIT_POLL_MS;
        }

        now = g_get_monotonic_time();
        if (deadline) {
            int left = poll_timeout_ms(now, term_sent ? kill_at : deadline);

            if (!kill_sent)
                wait_ms = wait_ms < 0 ? left : MIN(wait_ms, left);
        }

        if (poll(pfd, n, wait_ms) < 0 && errno != EINTR) {
            MV_WARN("cannot poll pid %lld: %s", (long long) st->pid, g_strerror(errno));
            break;
        }

        for (nfds_t i = 0; i < n; i++) {
            if (!pfd[i].revents)
                continue;
            if (owners[i] == &st->in_fd)
                run_write_input(st);
            else if (owners[i] == &st->out_fd)
                run_read_output(&st->out_fd, st->out, st->pid);
            else if (owners[i] == &st->err_fd)
                run_read_output(&st->err_fd, st->err, st->pid);
        }
        run_check_exit(st);

        now = g_get_monotonic_time();
        if (deadline && now >= deadline && !term_sent) {
            st->timed_out = true;
            if (!st->exited) {
                MV_DEBUG("pid %lld timed out, sending SIGTERM", (long long) st->pid);
                kill(st->pid, SIGTERM);
            }
            term_sent = true;
            kill_at = now + KILL_GRACE_US;
        } else if (term_sent && !kill_sent && !st->exited && now >= kill_at) {
            MV_DEBUG("pid %lld ignored SIGTERM, sending SIGKILL", (long long) st->pid);
            kill(st->pid, SIGKILL);
            kill_sent = true;
        }
    }

    if (!st->exited) {
        waitpid_retry(st->pid, &st->wait_status, 0);
        st->exited = true;
    }
    close_fd(&st->pidfd);
    close_fd(&st->in_fd);
    close_fd(&st->out_fd);
    close_fd(&st->err_fd);
}

/* Runs the loop with SIGPIPE blocked in this thread: writing the input of
 * a child that exited must fail with EPIPE, not kill the daemon. The
 * disposition is process-wide, so it is left alone. */
static void
run_loop_no_sigpipe(RunState *st, unsigned int timeout_ms)
{
    static const struct timespec no_wait = { 0, 0 };
    sigset_t pipe_set;
    sigset_t old_mask;
    sigset_t pending;
    bool was_pending;

    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);

    run_loop(st, timeout_ms);

    if (st->input_broken && !was_pending)
        sigtimedwait(&pipe_set, NULL, &no_wait);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
}

/* The pipes of one run: the parent keeps in[1], out[0] and err[0]. */
typedef struct {
    int in[2];
    int out[2];
    int err[2];
} RunPipes;

static void
run_pipes_close(RunPipes *pipes)
{
    for (int i = 0; i < 2; i++) {
        close_fd(&pipes->in[i]);
        close_fd(&pipes->out[i]);
        close_fd(&pipes->err[i]);
    }
}

static int
open_pipe(int fds[2], const char *program)
{
    if (pipe2(fds, O_CLOEXEC) < 0) {
        mv_report_system_error(errno, "cannot create a pipe for '%s'", program);
        return -1;
    }
    return 0;
}

/* Fills stdio with the child's ends: the input pipe or /dev/null, and a
 * pipe for each captured stream. */
static int
run_pipes_open(RunPipes *pipes, const MvCommand *cmd, bool capture_out,
               bool capture_err, int stdio[3])
{
    const char *program = g_ptr_array_index(cmd->args, 0);

    if (cmd->input) {
        if (open_pipe(pipes->in, program) < 0)
            return -1;
        set_nonblock(pipes->in[1]);
    } else {
        pipes->in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (pipes->in[0] < 0) {
            mv_report_system_error(errno, "cannot open '%s'", "/dev/null");
            return -1;
        }
    }
    stdio[0] = pipes->in[0];

    if (capture_out) {
        if (open_pipe(pipes->out, program) < 0)
            return -1;
        set_nonblock(pipes->out[0]);
        stdio[1] = pipes->out[1];
    }
    if (capture_err) {
        if (open_pipe(pipes->err, program) < 0)
            return -1;
        set_nonblock(pipes->err[0]);
        stdio[2] = pipes->err[1];
    }
    return 0;
}

static char *
byte_array_to_string(const GByteArray *buf)
{
    if (buf->len == 0)
        return g_strdup("");
    return g_strndup((const char *) buf->data, buf->len);
}

/* Turns the wait status and the collected state into run's result. */
static int
run_result(const MvCommand *cmd, RunState *st, int *ret_status)
{
    g_autofree char *line = mv_command_to_string(cmd);
    int status;

    if (st->timed_out) {
        mv_report_error(VIR_ERR_INTERNAL_ERROR,
                        "command '%s' timed out after %u ms", line, cmd->timeout_ms);
        return -1;
    }

    if (WIFEXITED(st->wait_status))
        status = WEXITSTATUS(st->wait_status);
    else if (WIFSIGNALED(st->wait_status))
        status = 128 + WTERMSIG(st->wait_status);
    else
        status = 255;

    MV_DEBUG("pid %lld ended with status %d: %s", (long long) st->pid, status, line);

    if (ret_status) {
        *ret_status = status;
        return 0;
    }
    if (status != 0) {
        g_autofree char *err = byte_array_to_string(st->err);

        g_strstrip(err);
        if (WIFSIGNALED(st->wait_status))
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "command '%s' was killed by signal %d%s%s", line,
                            WTERMSIG(st->wait_status), *err ? ": " : "", err);
        else
            mv_report_error(VIR_ERR_INTERNAL_ERROR,
                            "command '%s' exited with status %d%s%s", line,
                            status, *err ? ": " : "", err);
        return -1;
    }
    return 0;
}

int
mv_command_run(MvCommand *cmd, int *ret_status, char **ret_stdout, char **ret_stderr)
{
    g_autoptr(GByteArray) out = g_byte_array_new();
    g_autoptr(GByteArray) err = g_byte_array_new();
    RunPipes pipes = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
    RunState st = { .pidfd = -1, .in_fd = -1, .out_fd = -1, .err_fd = -1 };
    int stdio[3] = { -1, -1, -1 };
    int status = 0;

    if (command_validate(cmd) < 0)
        return -1;

    /* stderr is kept without ret_status too, for the error message. */
    if (run_pipes_open(&pipes, cmd, cmd->capture || ret_stdout,
                       cmd->capture || ret_stderr || !ret_status, stdio) < 0 ||
        command_start(cmd, stdio, &st.pid) < 0) {
        run_pipes_close(&pipes);
        return -1;
    }

    st.in_fd = g_steal_fd(&pipes.in[1]);
    st.out_fd = g_steal_fd(&pipes.out[0]);
    st.err_fd = g_steal_fd(&pipes.err[0]);
    run_pipes_close(&pipes);

    st.pidfd = (int) syscall(SYS_pidfd_open, st.pid, 0);
    st.input = cmd->input;
    st.input_len = cmd->input ? strlen(cmd->input) : 0;
    st.out = out;
    st.err = err;
    if (st.input_len == 0)
        close_fd(&st.in_fd);

    run_loop_no_sigpipe(&st, cmd->timeout_ms);

    if (run_result(cmd, &st, ret_status ? &status : NULL) < 0)
        return -1;

    if (ret_status)
        *ret_status = status;
    if (ret_stdout)
        *ret_stdout = byte_array_to_string(out);
    if (ret_stderr)
        *ret_stderr = byte_array_to_string(err);
    return 0;
}
