/* modvirt-xml: offline check and canonical formatting of modvirt's XML documents. */
#define MV_LOG_MODULE "tools.xml"
#define MV_FROM_THIS VIR_FROM_XML

#include <stdio.h>
#include <string.h>

#include <unistd.h>

#include "conf/domain.h"
#include "conf/domain_os.h"
#include "conf/kinds.h"
#include "qemu_capabilities.h"
#include "qemu_postparse.h"
#include "util/error.h"
#include "util/log.h"
#include "util/paths.h"

#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2

static void
usage(FILE *out)
{
    fprintf(out,
            "Usage: modvirt-xml format [--inactive] [--driver qemu [--caps FILE]] FILE\n"
            "       modvirt-xml validate FILE\n"
            "\n"
            "FILE is a network or network port document ('-' reads stdin); its\n"
            "root element picks the kind. format prints the canonical form,\n"
            "validate only checks it. With --driver qemu, a domain gets the QEMU\n"
            "driver's defaults (machine, controllers, addresses, ...) for the\n"
            "capabilities of this host's QEMU, or those of the capabilities cache\n"
            "file --caps names. Exit status: 0 valid, 1 invalid input, 2 usage error.\n");
}

/* The capabilities of the QEMU binary that runs def: its <emulator>, or
 * qemu-system-ARCH; probed through the capabilities cache of this user's
 * paths (the system ones for root). */
static MvQemuCaps *
host_qemu_caps(const MvDomainDef *def)
{
    g_autoptr(MvPaths) paths = mv_paths_new(getuid() == 0 ? MV_PATHS_SYSTEM : MV_PATHS_SESSION, NULL);
    g_autoptr(MvQemuCapsCache) cache = NULL;
    g_autofree char *binary = NULL;

    if (!paths)
        return NULL;
    if (def->emulator) {
        binary = g_strdup(def->emulator);
    } else {
        g_autofree char *name = g_strdup_printf("qemu-system-%s", g_strcmp0(def->os->arch, "i686") == 0 ?
                                                "i386" : def->os->arch);

        if (!(binary = g_find_program_in_path(name))) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "no QEMU binary '%s' on this host", name);
            return NULL;
        }
    }
    cache = mv_qemu_caps_cache_new(paths);
    return mv_qemu_caps_cache_lookup(cache, binary);
}

/* Applies the QEMU driver's post-parse defaults to a domain. */
static int
apply_qemu_defaults(const MvConfKind *kind, void *obj, const char *caps_path)
{
    g_autoptr(MvQemuCaps) caps = NULL;

    if (strcmp(kind->name, "domain") != 0) {
        mv_report_error(VIR_ERR_INVALID_ARG, "--driver qemu applies to domain documents, not to '%s'",
                        kind->name);
        return -1;
    }
    caps = caps_path ? mv_qemu_caps_load_file(caps_path) : host_qemu_caps(obj);
    if (!caps)
        return -1;
    return mv_qemu_domain_post_parse(obj, caps);
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
    const char *driver = NULL;
    const char *caps_path = NULL;
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
        } else if ((strcmp(argv[i], "--driver") == 0 || strcmp(argv[i], "--caps") == 0) &&
                   strcmp(command, "format") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "modvirt-xml: '%s' needs a value\n", argv[i]);
                return EXIT_USAGE;
            }
            if (strcmp(argv[i], "--driver") == 0)
                driver = argv[++i];
            else
                caps_path = argv[++i];
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
    if ((driver && strcmp(driver, "qemu") != 0) || (caps_path && !driver)) {
        fprintf(stderr, "modvirt-xml: --driver takes 'qemu'; --caps needs --driver qemu\n");
        return EXIT_USAGE;
    }

    if (!(xml = read_input(path)) ||
        !(kind = mv_conf_kind_for_document(xml)) ||
        !(obj = kind->parse(xml))) {
        fprintf(stderr, "modvirt-xml: %s: %s\n", path, mv_error_last_message());
        return EXIT_BAD_INPUT;
    }

    if (driver && apply_qemu_defaults(kind, obj, caps_path) < 0) {
        fprintf(stderr, "modvirt-xml: %s: %s\n", path, mv_error_last_message());
        kind->free(obj);
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
