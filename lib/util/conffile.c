/* Reader for libvirtd.conf-style files: the syntax libvirt's daemons read, and typed lookups. */
#define MV_LOG_MODULE "util.conffile"
#define MV_FROM_THIS VIR_FROM_CONF

#include "conffile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "log.h"

/* A sanity cap: the daemons' config files are a few kilobytes. */
#define CONF_MAX_SIZE (10 * 1024 * 1024)
/* Lists may nest (libvirt parses them), but not without end. */
#define CONF_MAX_DEPTH 16
/* How much of the offending text an error message quotes. */
#define CONF_SNIPPET_LEN 24

typedef enum {
    CONF_STRING,
    CONF_INT,
    CONF_LIST,
} ConfType;

typedef struct _ConfValue ConfValue;
struct _ConfValue {
    ConfType type;
    char *str;
    int64_t num;
    GPtrArray *items;   /* of ConfValue, for CONF_LIST */
};

typedef struct {
    char *key;
    ConfValue *value;
    int line;
} ConfEntry;

struct _MvConfFile {
    char *name;
    GPtrArray *entries;     /* of ConfEntry, in file order */
    GHashTable *by_key;     /* key -> the key's first ConfEntry */
};

typedef struct {
    const char *name;
    const char *cur;
    int line;
    int depth;
} ConfParser;

static void
conf_value_free(ConfValue *value)
{
    if (!value)
        return;
    g_free(value->str);
    if (value->items)
        g_ptr_array_unref(value->items);
    g_free(value);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ConfValue, conf_value_free)

static void
conf_entry_free(ConfEntry *entry)
{
    g_free(entry->key);
    conf_value_free(entry->value);
    g_free(entry);
}

static MvConfFile *
conf_file_new(const char *name)
{
    MvConfFile *conf = g_new0(MvConfFile, 1);

    conf->name = g_strdup(name);
    conf->entries = g_ptr_array_new_with_free_func((GDestroyNotify) conf_entry_free);
    conf->by_key = g_hash_table_new(g_str_hash, g_str_equal);
    return conf;
}

void
mv_conf_file_free(MvConfFile *conf)
{
    if (!conf)
        return;
    g_hash_table_unref(conf->by_key);
    g_ptr_array_unref(conf->entries);
    g_free(conf->name);
    g_free(conf);
}

static bool
is_eol(char c)
{
    return c == '\n' || c == '\r';
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static void
skip_blanks(ConfParser *p)
{
    while (is_blank(*p->cur))
        p->cur++;
}

static void
skip_blanks_and_eols(ConfParser *p)
{
    while (is_blank(*p->cur) || is_eol(*p->cur)) {
        if (*p->cur == '\n')
            p->line++;
        p->cur++;
    }
}

static void
skip_to_eol(ConfParser *p)
{
    while (*p->cur && !is_eol(*p->cur))
        p->cur++;
}

/* The text at the cursor, for "found ..." in messages. */
static char *
conf_snippet(const char *cur)
{
    size_t len = 0;

    if (!*cur)
        return g_strdup("end of file");
    if (is_eol(*cur))
        return g_strdup("end of line");
    while (cur[len] && !is_eol(cur[len]) && len < CONF_SNIPPET_LEN)
        len++;
    return g_strdup_printf("'%.*s%s'", (int) len, cur,
                           cur[len] && !is_eol(cur[len]) ? "..." : "");
}

static void G_GNUC_PRINTF(3, 4)
conf_syntax_error(const char *name, int line, const char *fmt, ...)
{
    g_autofree char *what = NULL;
    va_list ap;

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    mv_report_error(VIR_ERR_CONF_SYNTAX, "%s:%d: %s", name, line, what);
}

static ConfValue *conf_parse_value(ConfParser *p, const char *key);

/* '...' and "..." end on the same line; """...""" may span lines. None of
 * them has escapes: libvirt takes a backslash literally. */
static ConfValue *
conf_parse_string(ConfParser *p, const char *key)
{
    g_autoptr(ConfValue) value = g_new0(ConfValue, 1);
    const char *start;
    int start_line = p->line;
    char quote;

    value->type = CONF_STRING;

    if (g_str_has_prefix(p->cur, "\"\"\"")) {
        const char *close;

        start = p->cur + 3;
        if (!(close = strstr(start, "\"\"\""))) {
            conf_syntax_error(p->name, start_line,
                              "the \"\"\" string for '%s' is not closed", key);
            return NULL;
        }
        for (p->cur = start; p->cur < close; p->cur++) {
            if (*p->cur == '\n')
                p->line++;
        }
        value->str = g_strndup(start, close - start);
        p->cur = close + 3;
        return g_steal_pointer(&value);
    }

    quote = *p->cur;
    start = ++p->cur;
    while (*p->cur && !is_eol(*p->cur) && *p->cur != quote)
        p->cur++;
    if (*p->cur != quote) {
        conf_syntax_error(p->name, start_line,
                          "unterminated string %c%.*s for '%s'",
                          quote, (int) MIN(p->cur - start, CONF_SNIPPET_LEN),
                          start, key);
        return NULL;
    }
    value->str = g_strndup(start, p->cur - start);
    p->cur++;
    return g_steal_pointer(&value);
}

static ConfValue *
conf_parse_int(ConfParser *p, const char *key)
{
    g_autoptr(ConfValue) value = g_new0(ConfValue, 1);
    const char *start = p->cur;
    bool negative = false;
    uint64_t limit;
    uint64_t magnitude = 0;

    if (*p->cur == '-' || *p->cur == '+')
        negative = *p->cur++ == '-';
    limit = negative ? (uint64_t) G_MAXINT64 + 1 : G_MAXINT64;

    if (!g_ascii_isdigit(*p->cur)) {
        g_autofree char *found = conf_snippet(p->cur);

        conf_syntax_error(p->name, p->line,
                          "expected digits after the sign for '%s', found %s",
                          key, found);
        return NULL;
    }
    while (g_ascii_isdigit(*p->cur)) {
        unsigned int digit = *p->cur - '0';

        if (magnitude > (limit - digit) / 10) {
            while (g_ascii_isdigit(*p->cur))
                p->cur++;
            conf_syntax_error(p->name, p->line,
                              "number %.*s for '%s' does not fit in 64 bits",
                              (int) (p->cur - start), start, key);
            return NULL;
        }
        magnitude = magnitude * 10 + digit;
        p->cur++;
    }

    value->type = CONF_INT;
    value->num = negative ? (int64_t) (0 - magnitude) : (int64_t) magnitude;
    return g_steal_pointer(&value);
}

/* [ value, value, ... ] with an optional trailing comma; line breaks may
 * come anywhere between the brackets, comments may not (as in libvirt). */
static ConfValue *
conf_parse_list(ConfParser *p, const char *key)
{
    g_autoptr(ConfValue) value = g_new0(ConfValue, 1);
    int start_line = p->line;

    if (p->depth >= CONF_MAX_DEPTH) {
        conf_syntax_error(p->name, p->line,
                          "lists for '%s' are nested more than %d deep",
                          key, CONF_MAX_DEPTH);
        return NULL;
    }

    value->type = CONF_LIST;
    value->items = g_ptr_array_new_with_free_func((GDestroyNotify) conf_value_free);
    p->cur++;
    p->depth++;

    skip_blanks_and_eols(p);
    while (*p->cur != ']') {
        ConfValue *item;

        if (!*p->cur)
            goto unclosed;
        if (!(item = conf_parse_value(p, key)))
            return NULL;
        g_ptr_array_add(value->items, item);

        skip_blanks_and_eols(p);
        if (*p->cur == ',') {
            p->cur++;
            skip_blanks_and_eols(p);
        } else if (!*p->cur) {
            goto unclosed;
        } else if (*p->cur != ']') {
            g_autofree char *found = conf_snippet(p->cur);

            conf_syntax_error(p->name, p->line,
                              "expected ',' or ']' in the list for '%s', found %s",
                              key, found);
            return NULL;
        }
    }

    p->cur++;
    p->depth--;
    return g_steal_pointer(&value);

 unclosed:
    conf_syntax_error(p->name, start_line,
                      "the list for '%s' is not closed with ']'", key);
    return NULL;
}

static ConfValue *
conf_parse_value(ConfParser *p, const char *key)
{
    char c = *p->cur;
    g_autofree char *found = NULL;

    if (c == '"' || c == '\'')
        return conf_parse_string(p, key);
    if (c == '[')
        return conf_parse_list(p, key);
    if (g_ascii_isdigit(c) || c == '-' || c == '+')
        return conf_parse_int(p, key);

    found = conf_snippet(p->cur);
    conf_syntax_error(p->name, p->line,
                      "expected a value (string, number or list) for '%s', found %s",
                      key, found);
    return NULL;
}

static void
conf_file_add(MvConfFile *conf, char *key, ConfValue *value, int line)
{
    ConfEntry *entry = g_new0(ConfEntry, 1);
    ConfEntry *first;

    entry->key = key;
    entry->value = value;
    entry->line = line;
    g_ptr_array_add(conf->entries, entry);

    /* libvirt looks settings up from the top of the file, so the first
     * occurrence of a repeated key is the one in effect. */
    if ((first = g_hash_table_lookup(conf->by_key, key))) {
        MV_WARN("%s:%d: '%s' is set again; the value from line %d is used",
                conf->name, line, key, first->line);
        return;
    }
    g_hash_table_insert(conf->by_key, entry->key, entry);
}

/* key = value [# comment], ended by a line break, ';' or the end of the text. */
static int
conf_parse_statement(ConfParser *p, MvConfFile *conf)
{
    g_autofree char *key = NULL;
    g_autoptr(ConfValue) value = NULL;
    const char *start = p->cur;
    int line = p->line;

    if (!g_ascii_isalpha(*p->cur)) {
        g_autofree char *found = conf_snippet(p->cur);

        conf_syntax_error(p->name, p->line, "expected a key name, found %s", found);
        return -1;
    }
    while (g_ascii_isalnum(*p->cur) || *p->cur == '_')
        p->cur++;
    key = g_strndup(start, p->cur - start);

    skip_blanks(p);
    if (*p->cur != '=') {
        g_autofree char *found = conf_snippet(p->cur);

        conf_syntax_error(p->name, p->line, "expected '=' after '%s', found %s",
                          key, found);
        return -1;
    }
    p->cur++;
    skip_blanks(p);

    if (!(value = conf_parse_value(p, key)))
        return -1;

    skip_blanks(p);
    if (*p->cur == '#')
        skip_to_eol(p);

    if (*p->cur == ';') {
        p->cur++;
    } else if (*p->cur && !is_eol(*p->cur)) {
        g_autofree char *found = conf_snippet(p->cur);

        conf_syntax_error(p->name, p->line, "unexpected %s after the value of '%s'",
                          found, key);
        return -1;
    }

    conf_file_add(conf, g_steal_pointer(&key), g_steal_pointer(&value), line);
    return 0;
}

static MvConfFile *
conf_file_parse_text(const char *name, const char *text)
{
    g_autoptr(MvConfFile) conf = conf_file_new(name);
    ConfParser parser = { .name = name, .cur = text, .line = 1 };

    for (;;) {
        skip_blanks_and_eols(&parser);
        if (!*parser.cur)
            break;
        if (*parser.cur == '#') {
            skip_to_eol(&parser);
            continue;
        }
        if (conf_parse_statement(&parser, conf) < 0)
            return NULL;
    }

    MV_DEBUG("parsed %u settings from %s", conf->entries->len, name);
    return g_steal_pointer(&conf);
}

MvConfFile *
mv_conf_file_parse(const char *name, const char *text)
{
    return conf_file_parse_text(name, text ? text : "");
}

static int
conf_read_fd(int fd, const char *path, char **ret_data)
{
    g_autoptr(GString) data = NULL;
    char chunk[16384];
    const char *nul;
    struct stat st;

    if (fstat(fd, &st) < 0) {
        mv_report_system_error(errno, "cannot stat config file '%s'", path);
        return -1;
    }
    data = g_string_sized_new(MIN(st.st_size, CONF_MAX_SIZE) + 1);

    /* The size is checked while reading too: the file may grow meanwhile,
     * and a pipe or device has no size to check beforehand. */
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof(chunk));

        if (got < 0) {
            if (errno == EINTR)
                continue;
            mv_report_system_error(errno, "cannot read config file '%s'", path);
            return -1;
        }
        if (got == 0)
            break;
        if (data->len + got > CONF_MAX_SIZE) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "%s: file is larger than %d bytes", path, CONF_MAX_SIZE);
            return -1;
        }
        g_string_append_len(data, chunk, got);
    }

    if ((nul = memchr(data->str, '\0', data->len))) {
        int line = 1;
        const char *c;

        for (c = data->str; c < nul; c++)
            line += *c == '\n';
        mv_report_error(VIR_ERR_CONF_SYNTAX, "%s:%d: unexpected NUL byte", path, line);
        return -1;
    }

    *ret_data = g_string_free(g_steal_pointer(&data), FALSE);
    return 0;
}

MvConfFile *
mv_conf_file_read(const char *path, bool allow_missing)
{
    g_autofree char *data = NULL;
    int fd;
    int rc;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        if (errno == ENOENT && allow_missing) {
            MV_DEBUG("config file %s does not exist, using defaults", path);
            return conf_file_new(path);
        }
        mv_report_system_error(errno, "cannot open config file '%s'", path);
        return NULL;
    }
    rc = conf_read_fd(fd, path, &data);
    close(fd);
    if (rc < 0)
        return NULL;

    return conf_file_parse_text(path, data);
}

static const char *
conf_type_name(const ConfValue *value)
{
    switch (value->type) {
    case CONF_STRING: return "a string";
    case CONF_INT: return "an integer";
    case CONF_LIST: return "a list";
    }
    return "an unknown value";
}

/* The entry for key, or NULL when it is absent. */
static ConfEntry *
conf_lookup(MvConfFile *conf, const char *key)
{
    return g_hash_table_lookup(conf->by_key, key);
}

static void
conf_type_error(MvConfFile *conf, const ConfEntry *entry, const char *expected)
{
    mv_report_error(VIR_ERR_CONF_SYNTAX, "%s:%d: expected %s for '%s', found %s",
                    conf->name, entry->line, expected, entry->key,
                    conf_type_name(entry->value));
}

/* As libvirt's getters do, a value already in *ret_value is replaced and freed. */
int
mv_conf_file_get_string(MvConfFile *conf, const char *key, char **ret_value)
{
    ConfEntry *entry = conf_lookup(conf, key);

    if (!entry)
        return 0;
    if (entry->value->type != CONF_STRING) {
        conf_type_error(conf, entry, "a string");
        return -1;
    }

    g_free(*ret_value);
    *ret_value = g_strdup(entry->value->str);
    return 1;
}

int
mv_conf_file_get_int(MvConfFile *conf, const char *key, int64_t *ret_value)
{
    ConfEntry *entry = conf_lookup(conf, key);

    if (!entry)
        return 0;
    if (entry->value->type != CONF_INT) {
        conf_type_error(conf, entry, "an integer");
        return -1;
    }

    *ret_value = entry->value->num;
    return 1;
}

int
mv_conf_file_get_bool(MvConfFile *conf, const char *key, bool *ret_value)
{
    ConfEntry *entry = conf_lookup(conf, key);

    if (!entry)
        return 0;
    if (entry->value->type != CONF_INT) {
        conf_type_error(conf, entry, "a boolean (0 or 1)");
        return -1;
    }
    if (entry->value->num != 0 && entry->value->num != 1) {
        mv_report_error(VIR_ERR_CONF_SYNTAX,
                        "%s:%d: expected a boolean (0 or 1) for '%s', found %" G_GINT64_FORMAT,
                        conf->name, entry->line, key, entry->value->num);
        return -1;
    }

    *ret_value = entry->value->num == 1;
    return 1;
}

int
mv_conf_file_get_string_list(MvConfFile *conf, const char *key, char ***ret_value)
{
    ConfEntry *entry = conf_lookup(conf, key);
    GPtrArray *items;
    char **list;
    guint i;

    if (!entry)
        return 0;
    if (entry->value->type != CONF_LIST) {
        conf_type_error(conf, entry, "a list of strings");
        return -1;
    }

    items = entry->value->items;
    for (i = 0; i < items->len; i++) {
        const ConfValue *item = g_ptr_array_index(items, i);

        if (item->type != CONF_STRING) {
            mv_report_error(VIR_ERR_CONF_SYNTAX,
                            "%s:%d: expected a list of strings for '%s', found %s as item %u",
                            conf->name, entry->line, key, conf_type_name(item), i + 1);
            return -1;
        }
    }

    list = g_new0(char *, items->len + 1);
    for (i = 0; i < items->len; i++)
        list[i] = g_strdup(((const ConfValue *) g_ptr_array_index(items, i))->str);

    g_strfreev(*ret_value);
    *ret_value = list;
    return 1;
}

int
mv_conf_file_check_keys(MvConfFile *conf, const char *const *known)
{
    int ret = 0;
    guint i;

    for (i = 0; i < conf->entries->len; i++) {
        const ConfEntry *entry = g_ptr_array_index(conf->entries, i);

        if (!g_strv_contains(known, entry->key)) {
            mv_report_error(VIR_ERR_CONF_SYNTAX, "%s:%d: unknown setting '%s'",
                            conf->name, entry->line, entry->key);
            ret = -1;
        }
    }
    return ret;
}
