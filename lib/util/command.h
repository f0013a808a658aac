/* Running commands: argv building, environment, cwd, fds, captured output, timeouts. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

typedef struct _MvCommand MvCommand;

MvCommand *mv_command_new(const char *binary);
/* Builds a command from a NULL-terminated argv. */
MvCommand *mv_command_new_argv(const char *const *argv);
void mv_command_free(MvCommand *cmd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvCommand, mv_command_free)

void mv_command_add_arg(MvCommand *cmd, const char *arg);
void mv_command_add_arg_format(MvCommand *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* "--name=value" as one argument when value is set; "--name" "value" otherwise is add_arg twice. */
void mv_command_add_arg_pair(MvCommand *cmd, const char *name, const char *value);
void mv_command_add_args(MvCommand *cmd, ...) G_GNUC_NULL_TERMINATED;

/* The child's environment starts empty except PATH, HOME, USER, LOGNAME,
 * LANG, LC_*, TMPDIR unless mv_command_inherit_env() is called. */
void mv_command_inherit_env(MvCommand *cmd);
void mv_command_set_env(MvCommand *cmd, const char *name, const char *value);
void mv_command_set_cwd(MvCommand *cmd, const char *dir);
/* Keeps parent_fd open in the child as fd number child_fd. All other fds
 * but 0-2 are closed. */
void mv_command_pass_fd(MvCommand *cmd, int parent_fd, int child_fd);
/* mv_command_spawn only: the child's stdout and stderr both go to fd (a
 * log file; the caller keeps and closes it). Default: the parent's. */
void mv_command_set_output_fd(MvCommand *cmd, int fd);
/* The child's stdin comes from this string (default: /dev/null). */
void mv_command_set_input(MvCommand *cmd, const char *input);
/* Capture stdout / stderr into strings returned by mv_command_run
 * (default: inherited from the parent). */
void mv_command_capture_output(MvCommand *cmd);
/* Kill (SIGTERM, then SIGKILL after 2 s) after timeout_ms; 0 = no limit. */
void mv_command_set_timeout(MvCommand *cmd, unsigned int timeout_ms);

/* Runs to completion. Returns 0 and sets ret_status to the exit status
 * (or 128 + signal), -1 when the program could not run or timed out
 * (VIR_ERR_INTERNAL_ERROR naming the shell-quoted command line). With
 * ret_status NULL, a non-zero exit is an error whose message holds the
 * command line and its stderr. ret_stdout / ret_stderr may be NULL. */
int mv_command_run(MvCommand *cmd, int *ret_status, char **ret_stdout, char **ret_stderr);

/* Starts without waiting; returns the pid (the caller reaps it). */
int mv_command_spawn(MvCommand *cmd, pid_t *ret_pid);

/* The command line, shell-quoted, with its environment settings first, for logs. */
char *mv_command_to_string(const MvCommand *cmd);
