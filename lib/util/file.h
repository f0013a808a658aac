/* Files: capped reads, atomic replacement, directories, locked pid files, path building. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <sys/types.h>

/* Reads the whole file; a file larger than max_len bytes is refused with
 * VIR_ERR_INTERNAL_ERROR naming it. ret_len may be NULL. */
int mv_file_read_all(const char *path, size_t max_len, char **ret_data, size_t *ret_len);

/* Writes a temporary file beside path, fsyncs it, renames it over path and
 * fsyncs the directory: a crash leaves the old content or the new, never a mix. */
int mv_file_replace_atomic(const char *path, const char *data, size_t len, mode_t mode);

/* mkdir -p; directories it creates get mode. */
int mv_file_mkdir_p(const char *path, mode_t mode);

/* Removes path and everything below it; a missing path is not an error. */
int mv_file_remove_tree(const char *path);

/* Creates/opens the pid file, takes an exclusive lock on it (held until the
 * fd is closed) and writes the pid. Fails with VIR_ERR_OPERATION_INVALID,
 * naming the pid that holds it, when another process holds the lock.
 * Returns the fd. */
int mv_pidfile_acquire(const char *path, pid_t pid);

/* Releases: unlinks the file and closes fd. */
void mv_pidfile_release(const char *path, int fd);

/* The pid written in path, if a live process holds its lock; 0 if none. */
pid_t mv_pidfile_read_holder(const char *path);

/* Joins base and a relative name; refuses (VIR_ERR_INVALID_ARG) a name that
 * is absolute, empty, or has a ".." component or a '/' where component says
 * it must be a single name. Caller frees. */
char *mv_path_join_safe(const char *base, const char *name, bool single_component);
