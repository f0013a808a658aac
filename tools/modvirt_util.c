/* modvirt: output, error reporting, option values, files and the table layout shared by every command. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "modvirt.h"

void
mvsh_print(MvshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    (void)ctl;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
}

/* What -q silences: confirmations and the blank line after each command. */
void
mvsh_print_extra(MvshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    if (ctl->quiet)
        return;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
}

void
mvsh_error(MvshControl *ctl, const char *fmt, ...)
{
    va_list ap;

    (void)ctl;
    fflush(stdout);
    fputs("error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

/* The library calls this as an error is raised: later calls (a Free on the
 * way out) clear the thread's last error, so it is kept here until reported. */
void
mvsh_error_handler(void *opaque, virErrorPtr err)
{
    MvshControl *ctl = opaque;

    (void)err;
    if (ctl->last_error)
        virFreeError(ctl->last_error);
    ctl->last_error = virSaveLastError();
}

void
mvsh_reset_error(MvshControl *ctl)
{
    if (ctl->last_error) {
        virFreeError(ctl->last_error);
        ctl->last_error = NULL;
    }
    virResetLastError();
}

/* After a failed command: print the library's error, if it raised one. */
void
mvsh_report_error(MvshControl *ctl)
{
    if (!ctl->last_error) {
        ctl->last_error = virSaveLastError();
        if (!ctl->last_error || ctl->last_error->code == VIR_ERR_OK) {
            mvsh_reset_error(ctl);
            return;
        }
    }
    if (ctl->last_error->code == VIR_ERR_OK)
        mvsh_error(ctl, "%s", "unknown error");
    else
        mvsh_error(ctl, "%s", ctl->last_error->message);
    mvsh_reset_error(ctl);
}

static int
opt_index(const MvshCmdDef *def, const char *name)
{
    for (int i = 0; def->opts && def->opts[i].name; i++) {
        if (strcmp(def->opts[i].name, name) == 0)
            return i;
    }
    return -1;
}

bool
mvsh_opt_bool(const MvshCmd *cmd, const char *name)
{
    return mvsh_opt_string(cmd, name) != NULL;
}

const char *
mvsh_opt_string(const MvshCmd *cmd, const char *name)
{
    int i = opt_index(cmd->def, name);

    g_assert(i >= 0);
    return cmd->values[i];
}

/* 0 absent, 1 set in *ret_value, -1 not a number (reported). */
int
mvsh_opt_int(MvshControl *ctl, const MvshCmd *cmd, const char *name, int *ret_value)
{
    const char *s = mvsh_opt_string(cmd, name);
    char *end = NULL;
    long v;

    if (!s)
        return 0;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < G_MININT || v > G_MAXINT) {
        mvsh_error(ctl, "Numeric value '%s' for <%s> option is malformed or out of range",
                   s, name);
        return -1;
    }
    *ret_value = (int)v;
    return 1;
}

bool
mvsh_opts_exclusive(MvshControl *ctl, const MvshCmd *cmd, const char *a, const char *b)
{
    if (mvsh_opt_bool(cmd, a) && mvsh_opt_bool(cmd, b)) {
        mvsh_error(ctl, "Options --%s and --%s are mutually exclusive", a, b);
        return false;
    }
    return true;
}

char *
mvsh_read_file(MvshControl *ctl, const char *path)
{
    g_autoptr(GString) all = g_string_new(NULL);
    char chunk[4096];
    size_t n;
    FILE *f;

    if (!(f = fopen(path, "r"))) {
        mvsh_error(ctl, "Failed to open file '%s': %s", path, g_strerror(errno));
        return NULL;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        g_string_append_len(all, chunk, n);
    if (ferror(f)) {
        mvsh_error(ctl, "Failed to read file '%s': %s", path, g_strerror(errno));
        fclose(f);
        return NULL;
    }
    fclose(f);
    return g_string_free(g_steal_pointer(&all), FALSE);
}

/* virsh's table: a space before each cell, cells padded to their column's
 * width plus two, the last one unpadded; the dashes span every column + 3. */
struct _MvshTable {
    GPtrArray *rows;   /* of GStrv */
    guint ncols;
};

static GStrv
row_from_va(const char *first, va_list ap)
{
    GPtrArray *cells = g_ptr_array_new();

    for (const char *s = first; s; s = va_arg(ap, const char *))
        g_ptr_array_add(cells, g_strdup(s));
    g_ptr_array_add(cells, NULL);
    return (GStrv)g_ptr_array_free(cells, FALSE);
}

MvshTable *
mvsh_table_new(const char *first, ...)
{
    MvshTable *table = g_new0(MvshTable, 1);
    va_list ap;
    GStrv header;

    va_start(ap, first);
    header = row_from_va(first, ap);
    va_end(ap);
    table->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    table->ncols = g_strv_length(header);
    g_ptr_array_add(table->rows, header);
    return table;
}

void
mvsh_table_add_row(MvshTable *table, const char *first, ...)
{
    va_list ap;
    GStrv row;

    va_start(ap, first);
    row = row_from_va(first, ap);
    va_end(ap);
    g_assert(g_strv_length(row) == table->ncols);
    g_ptr_array_add(table->rows, row);
}

static void
row_print(GString *out, GStrv row, const size_t *widths, guint ncols)
{
    for (guint c = 0; c < ncols; c++) {
        g_string_append_c(out, ' ');
        g_string_append(out, row[c]);
        if (c + 1 < ncols) {
            size_t pad = widths[c] - g_utf8_strlen(row[c], -1) + 2;

            for (size_t i = 0; i < pad; i++)
                g_string_append_c(out, ' ');
        }
    }
    g_string_append_c(out, '\n');
}

void
mvsh_table_print(MvshControl *ctl, MvshTable *table)
{
    g_autofree size_t *widths = g_new0(size_t, table->ncols);
    g_autoptr(GString) out = g_string_new(NULL);

    for (guint r = 0; r < table->rows->len; r++) {
        GStrv row = g_ptr_array_index(table->rows, r);

        for (guint c = 0; c < table->ncols; c++)
            widths[c] = MAX(widths[c], (size_t)g_utf8_strlen(row[c], -1));
    }

    row_print(out, g_ptr_array_index(table->rows, 0), widths, table->ncols);
    for (guint c = 0; c < table->ncols; c++) {
        for (size_t i = 0; i < widths[c] + 3; i++)
            g_string_append_c(out, '-');
    }
    g_string_append_c(out, '\n');
    for (guint r = 1; r < table->rows->len; r++)
        row_print(out, g_ptr_array_index(table->rows, r), widths, table->ncols);
    mvsh_print(ctl, "%s", out->str);
}

void
mvsh_table_free(MvshTable *table)
{
    if (!table)
        return;
    g_ptr_array_unref(table->rows);
    g_free(table);
}
