/* Reader for libvirtd.conf-style config files: key = value; strings, integers, lists. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct _MvConfFile MvConfFile;

/* Parses the file. A syntax error is reported as VIR_ERR_CONF_SYNTAX with
 * "FILE:LINE: what is wrong". A missing file is an error unless
 * allow_missing, when an empty config is returned. */
MvConfFile *mv_conf_file_read(const char *path, bool allow_missing);

/* Same, from a string; name is used in error messages. */
MvConfFile *mv_conf_file_parse(const char *name, const char *text);

void mv_conf_file_free(MvConfFile *conf);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvConfFile, mv_conf_file_free)

/* Each getter returns 1 and sets ret_value when the key is present, 0 and
 * leaves ret_value alone when it is absent, -1 (VIR_ERR_CONF_SYNTAX naming
 * file, line, key and the expected type) when its value has another type. */
int mv_conf_file_get_string(MvConfFile *conf, const char *key, char **ret_value);
int mv_conf_file_get_int(MvConfFile *conf, const char *key, int64_t *ret_value);
int mv_conf_file_get_bool(MvConfFile *conf, const char *key, bool *ret_value);
int mv_conf_file_get_string_list(MvConfFile *conf, const char *key, char ***ret_value);

/* Keys in the file that are not in known (NULL-terminated): each is a
 * VIR_ERR_CONF_SYNTAX error naming the file, line and key. */
int mv_conf_file_check_keys(MvConfFile *conf, const char *const *known);
