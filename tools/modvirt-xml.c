/* modvirt-xml: offline check and canonical formatting of modvirt's XML documents. */
#define MV_LOG_MODULE "tools.xml"
#define MV_FROM_THIS VIR_FROM_XML

#include <stdio.h>
#include <string.h>

#include "conf/kinds.h"
#include "util/error.h"
#include "util/log.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2

static void
usage(FILE *out)
{
    fprintf(out,
            "Usage: modvirt-xml format [--inactive] FILE\n"
            "       modvirt-xml validate FILE\n"
            "\n"
            "FILE is a network or network port document ('-' reads stdin); its\n"
            "root element picks the kind. format prints the canonical form,\n"
            "validate only checks it. Exit status: 0 valid, 1 invalid input,\n"
            "2 usage error.\n");
}

static char *
read_input(const char *path)
{
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    if (strcmp(path, "-") == 0) {
        g_autoptr(GString) all = g_string_new(NULL);
        char chunk[4096];
        size_t n;

        while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
            g_string_append_len(all, chunk, n);
        return g_string_free(g_steal_pointer(&all), FALSE);
    }
    if (!g_file_get_contents(path, &contents, NULL, &error)) {
        mv_report_error(VIR_ERR_READ_FAILED, "'%s': %s", path, error->message);
        return NULL;
    }
    return contents;
}

int
main(int argc, char **argv)
{
    const char *command;
    const char *path = NULL;
    bool inactive = false;
    g_autofree char *xml = NULL;
    g_autofree char *out = NULL;
    const MvConfKind *kind;
    void *obj;

    mv_log_set_default_priority(MV_LOG_ERROR + 1);

    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(command, "format") != 0 && strcmp(command, "validate") != 0) {
        fprintf(stderr, "modvirt-xml: unknown command '%s'\n", command);
        usage(stderr);
        return EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--inactive") == 0 && strcmp(command, "format") == 0) {
            inactive = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "modvirt-xml: unknown option '%s' for '%s'\n", argv[i], command);
            return EXIT_USAGE;
        } else if (!path) {
            path = argv[i];
        } else {
            fprintf(stderr, "modvirt-xml: '%s' takes one FILE\n", command);
            return EXIT_USAGE;
        }
    }
    if (!path) {
        fprintf(stderr, "modvirt-xml: '%s' needs a FILE\n", command);
        return EXIT_USAGE;
    }

    if (!(xml = read_input(path)) ||
        !(kind = mv_conf_kind_for_document(xml)) ||
        !(obj = kind->parse(xml))) {
        fprintf(stderr, "modvirt-xml: %s: %s\n", path, mv_error_last_message());
        return EXIT_BAD_INPUT;
    }

    out = kind->format(obj, inactive ? MV_CONF_FORMAT_INACTIVE : 0);
    kind->free(obj);
    if (strcmp(command, "format") == 0)
        fputs(out, stdout);
    else
        printf("%s: valid %s document\n", path, kind->name);
    return 0;
}
