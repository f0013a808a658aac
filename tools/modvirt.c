/* modvirt: the virsh-compatible command-line client: global options, command parsing and dispatch, help, the interactive prompt. */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "modvirt.h"

static const MvshCmdDef *const cmd_tables[] = {
    mvsh_domain_cmds,
    mvsh_device_cmds,
    mvsh_domain_event_cmds,
    mvsh_host_cmds,
    mvsh_network_cmds,
    mvsh_network_event_cmds,
    mvsh_nodedev_cmds,
    mvsh_self_cmds,
};

/* The help groups, in the order help lists them. */
static const struct {
    const char *keyword;
    const char *title;
} groups[] = {
    { "domain", "Domain Management" },
    { "monitor", "Domain Monitoring" },
    { "events", "Domain Events" },
    { "host", "Host and Hypervisor" },
    { "network", "Networking" },
    { "nodedev", "Node Device" },
    { "modvirt", "Modvirt itself" },
};

const MvshCmdDef *
mvsh_find_command(const char *name)
{
    for (size_t t = 0; t < G_N_ELEMENTS(cmd_tables); t++) {
        for (const MvshCmdDef *def = cmd_tables[t]; def->name; def++) {
            if (strcmp(def->name, name) == 0)
                return def;
        }
    }
    return NULL;
}

static void
cmd_free(MvshCmd *cmd)
{
    while (cmd) {
        MvshCmd *next = cmd->next;
        size_t nopts = 0;

        while (cmd->def->opts && cmd->def->opts[nopts].name)
            nopts++;
        for (size_t i = 0; i < nopts; i++)
            g_free(cmd->values[i]);
        g_free(cmd->values);
        g_free(cmd);
        cmd = next;
    }
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvshCmd, cmd_free)

/* ---- parsing: a list of words, ";" words ending a command ---- */

static const char *
opt_synopsis_type(const MvshOptDef *opt)
{
    return opt->type == MVSH_OT_INT ? "<number>" : "<string>";
}

static int
parse_option(MvshControl *ctl, MvshCmd *cmd, char **words, size_t nwords, size_t *pos)
{
    const MvshCmdDef *def = cmd->def;
    const char *word = words[*pos];
    g_autofree char *name = g_strdup(word + 2);
    char *eq = strchr(name, '=');
    const char *value = NULL;
    int i;

    if (eq) {
        *eq = '\0';
        value = eq + 1;
    }
    for (i = 0; def->opts && def->opts[i].name; i++) {
        if (strcmp(def->opts[i].name, name) == 0)
            break;
    }
    if (!def->opts || !def->opts[i].name) {
        mvsh_error(ctl, "command '%s' doesn't support option --%s", def->name, name);
        return -1;
    }
    if (cmd->values[i]) {
        mvsh_error(ctl, "option --%s already seen", name);
        return -1;
    }
    if (def->opts[i].type == MVSH_OT_BOOL) {
        if (value) {
            mvsh_error(ctl, "invalid '=' after option --%s", name);
            return -1;
        }
        cmd->values[i] = g_strdup("");
        return 0;
    }
    if (!value) {
        if (*pos + 1 >= nwords) {
            mvsh_error(ctl, "expected syntax: --%s %s", name, opt_synopsis_type(&def->opts[i]));
            return -1;
        }
        value = words[++*pos];
    }
    cmd->values[i] = g_strdup(value);
    return 0;
}

static int
parse_data(MvshControl *ctl, MvshCmd *cmd, const char *word)
{
    const MvshOptDef *opts = cmd->def->opts;

    for (int i = 0; opts && opts[i].name; i++) {
        if (opts[i].type != MVSH_OT_BOOL && !cmd->values[i]) {
            cmd->values[i] = g_strdup(word);
            return 0;
        }
    }
    mvsh_error(ctl, "unexpected data '%s'", word);
    return -1;
}

static MvshCmd *
parse_one(MvshControl *ctl, char **words, size_t nwords)
{
    const MvshCmdDef *def = mvsh_find_command(words[0]);
    g_autoptr(MvshCmd) cmd = NULL;
    size_t nopts = 0;
    bool data_only = false;

    if (!def) {
        mvsh_error(ctl, "unknown command: '%s'", words[0]);
        return NULL;
    }
    while (def->opts && def->opts[nopts].name)
        nopts++;
    cmd = g_new0(MvshCmd, 1);
    cmd->def = def;
    cmd->values = g_new0(char *, nopts + 1);

    for (size_t pos = 1; pos < nwords; pos++) {
        const char *word = words[pos];

        if (!data_only && strcmp(word, "--") == 0) {
            data_only = true;
        } else if (!data_only && g_str_has_prefix(word, "--") && word[2]) {
            if (parse_option(ctl, cmd, words, nwords, &pos) < 0)
                return NULL;
        } else if (parse_data(ctl, cmd, word) < 0) {
            return NULL;
        }
    }
    for (size_t i = 0; i < nopts; i++) {
        if ((def->opts[i].flags & MVSH_OFLAG_REQ) && !cmd->values[i]) {
            mvsh_error(ctl, "command '%s' requires <%s> option", def->name, def->opts[i].name);
            return NULL;
        }
    }
    return g_steal_pointer(&cmd);
}

/* Splits words on ";" words into commands; NULL (reported) on the first bad one. */
static MvshCmd *
parse_words(MvshControl *ctl, char **words, size_t nwords, bool *ret_empty)
{
    g_autoptr(MvshCmd) first = NULL;
    MvshCmd **tail = &first;
    size_t start = 0;

    *ret_empty = true;
    for (size_t i = 0; i <= nwords; i++) {
        MvshCmd *cmd;

        if (i < nwords && strcmp(words[i], ";") != 0)
            continue;
        if (i > start) {
            if (!(cmd = parse_one(ctl, words + start, i - start))) {
                *ret_empty = false;
                return NULL;
            }
            *tail = cmd;
            tail = &cmd->next;
            *ret_empty = false;
        }
        start = i + 1;
    }
    return g_steal_pointer(&first);
}

/* Shell-like words: quotes, backslashes; an unquoted ";" or newline is a word of its own. */
static GPtrArray *
split_string(MvshControl *ctl, const char *s)
{
    g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func(g_free);

    while (*s) {
        g_autoptr(GString) word = NULL;
        char quote = 0;

        if (*s == ' ' || *s == '\t') {
            s++;
            continue;
        }
        if (*s == ';' || *s == '\n') {
            g_ptr_array_add(words, g_strdup(";"));
            s++;
            continue;
        }
        if (*s == '#') {
            while (*s && *s != '\n')
                s++;
            continue;
        }
        word = g_string_new(NULL);
        for (; *s; s++) {
            if (!quote && (*s == ' ' || *s == '\t' || *s == ';' || *s == '\n'))
                break;
            if (!quote && (*s == '\'' || *s == '"')) {
                quote = *s;
            } else if (quote && *s == quote) {
                quote = 0;
            } else if (*s == '\\' && quote != '\'' && s[1]) {
                g_string_append_c(word, *++s);
            } else {
                g_string_append_c(word, *s);
            }
        }
        if (quote) {
            mvsh_error(ctl, "%s", "missing \"");
            return NULL;
        }
        g_ptr_array_add(words, g_string_free(g_steal_pointer(&word), FALSE));
    }
    return g_steal_pointer(&words);
}

static MvshCmd *
parse_string(MvshControl *ctl, const char *s, bool *ret_empty)
{
    g_autoptr(GPtrArray) words = NULL;

    *ret_empty = true;
    if (!(words = split_string(ctl, s))) {
        *ret_empty = false;
        return NULL;
    }
    return parse_words(ctl, (char **)words->pdata, words->len, ret_empty);
}

/* ---- running ---- */

/* As virsh: one connection, opened before any command runs. */
static bool
connect_hypervisor(MvshControl *ctl)
{
    if (ctl->readonly)
        ctl->conn = virConnectOpenReadOnly(ctl->uri);
    else
        ctl->conn = virConnectOpen(ctl->uri);
    if (!ctl->conn) {
        mvsh_error(ctl, "%s", "failed to connect to the hypervisor");
        return false;
    }
    return true;
}

/* Runs every command, as virsh does even after one fails; the last one's result counts. */
static bool
run_commands(MvshControl *ctl, const MvshCmd *cmd)
{
    bool ret = true;

    for (; cmd; cmd = cmd->next) {
        ret = cmd->def->handler(ctl, cmd);
        if (!ret)
            mvsh_report_error(ctl);
        if (ctl->quit)
            return ret;
        mvsh_print_extra(ctl, "\n");
    }
    return ret;
}

/* ---- help ---- */

static gint
compare_cmd_names(gconstpointer a, gconstpointer b)
{
    const MvshCmdDef *x = *(const MvshCmdDef *const *) a;
    const MvshCmdDef *y = *(const MvshCmdDef *const *) b;

    return strcmp(x->name, y->name);
}

/* A group's commands by name, as virsh lists them, whatever table holds them. */
static void
print_group(const char *keyword)
{
    g_autoptr(GPtrArray) defs = g_ptr_array_new();

    for (size_t t = 0; t < G_N_ELEMENTS(cmd_tables); t++) {
        for (const MvshCmdDef *def = cmd_tables[t]; def->name; def++) {
            if (strcmp(def->group, keyword) == 0)
                g_ptr_array_add(defs, (gpointer) def);
        }
    }
    g_ptr_array_sort(defs, compare_cmd_names);
    for (guint i = 0; i < defs->len; i++) {
        const MvshCmdDef *def = g_ptr_array_index(defs, i);

        printf("    %-30s %s\n", def->name, def->summary);
    }
}

static void
print_all_groups(void)
{
    for (size_t g = 0; g < G_N_ELEMENTS(groups); g++) {
        printf(" %s (help keyword '%s'):\n", groups[g].title, groups[g].keyword);
        print_group(groups[g].keyword);
        printf("\n");
    }
}

static void
print_command_help(const MvshCmdDef *def)
{
    const MvshOptDef *opts = def->opts;

    printf("  NAME\n    %s - %s\n\n  SYNOPSIS\n    %s", def->name, def->summary, def->name);
    for (int i = 0; opts && opts[i].name; i++) {
        const MvshOptDef *o = &opts[i];

        if (o->type == MVSH_OT_BOOL)
            printf(" [--%s]", o->name);
        else if (o->flags & MVSH_OFLAG_REQ)
            printf(" <%s>", o->name);
        else
            printf(" [--%s %s]", o->name, opt_synopsis_type(o));
    }
    printf("\n");
    if (def->description)
        printf("\n  DESCRIPTION\n    %s\n", def->description);
    if (opts && opts[0].name) {
        printf("\n  OPTIONS\n");
        for (int i = 0; opts[i].name; i++) {
            const MvshOptDef *o = &opts[i];
            g_autofree char *left = NULL;

            if (o->type == MVSH_OT_BOOL)
                left = g_strdup_printf("--%s", o->name);
            else if (o->flags & MVSH_OFLAG_REQ)
                left = g_strdup_printf("[--%s] %s", o->name, opt_synopsis_type(o));
            else
                left = g_strdup_printf("--%s %s", o->name, opt_synopsis_type(o));
            printf("    %-15s  %s\n", left, o->help);
        }
    }
    printf("\n");
}

static bool
cmd_help(MvshControl *ctl, const MvshCmd *cmd)
{
    const char *name = mvsh_opt_string(cmd, "command");
    const MvshCmdDef *def;

    if (!name) {
        printf("Grouped commands:\n\n");
        print_all_groups();
        return true;
    }
    for (size_t g = 0; g < G_N_ELEMENTS(groups); g++) {
        if (strcmp(groups[g].keyword, name) == 0) {
            printf(" %s (help keyword '%s'):\n", groups[g].title, groups[g].keyword);
            print_group(groups[g].keyword);
            printf("\n");
            return true;
        }
    }
    if (!(def = mvsh_find_command(name))) {
        mvsh_error(ctl, "command or command group '%s' doesn't exist", name);
        return false;
    }
    print_command_help(def);
    return true;
}

static bool
cmd_quit(MvshControl *ctl, const MvshCmd *cmd)
{
    (void)cmd;
    ctl->quit = true;
    return true;
}

static const MvshOptDef opts_help[] = {
    { "command", MVSH_OT_STRING, 0,
      "a command or a group keyword" },
    { NULL, 0, 0, NULL },
};

const MvshCmdDef mvsh_self_cmds[] = {
    { "exit", "modvirt", "quit this interactive terminal", NULL, NULL, cmd_quit },
    { "help", "modvirt", "print help",
      "Print the commands by group, one group, or one command in detail.",
      opts_help, cmd_help },
    { "quit", "modvirt", "quit this interactive terminal", NULL, NULL, cmd_quit },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};

/* ---- main ---- */

static void
usage(void)
{
    printf("\n"
           "modvirt [options]... [<command_string>]\n"
           "modvirt [options]... <command> [args...]\n"
           "\n"
           "  options:\n"
           "    -c | --connect=URI      hypervisor connection URI\n"
           "    -h | --help             this help\n"
           "    -q | --quiet            quiet mode\n"
           "    -r | --readonly         connect readonly\n"
           "    -v                      short version\n"
           "    -V                      long version\n"
           "         --version[=TYPE]   version, TYPE is short or long (default short)\n"
           "  commands (non interactive mode):\n"
           "\n");
    print_all_groups();
    printf("\n  (specify help <group> for details about the commands in the group)\n"
           "\n  (specify help <command> for details about the command)\n\n");
}

static void
print_version(bool full)
{
    unsigned long v = 0;

    virGetVersion(&v, NULL, NULL);
    if (full)
        printf("modvirt command line tool, libvirt API %lu.%lu.%lu\n",
               v / 1000000, (v / 1000) % 1000, v % 1000);
    else
        printf("%lu.%lu.%lu\n", v / 1000000, (v / 1000) % 1000, v % 1000);
}

/* 0: go on, 1: done with success (help, version), -1: error (reported). */
static int
parse_global_options(MvshControl *ctl, int argc, char **argv)
{
    static const struct option long_opts[] = {
        { "connect", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { "quiet", no_argument, NULL, 'q' },
        { "readonly", no_argument, NULL, 'r' },
        { "version", optional_argument, NULL, 'v' },
        { NULL, 0, NULL },
    };
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "+:c:hqrvV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            g_free(ctl->uri);
            ctl->uri = g_strdup(optarg);
            break;
        case 'h':
            usage();
            return 1;
        case 'q':
            ctl->quiet = true;
            break;
        case 'r':
            ctl->readonly = true;
            break;
        case 'v':
            if (optarg && strcmp(optarg, "long") == 0)
                print_version(true);
            else if (!optarg || strcmp(optarg, "short") == 0)
                print_version(false);
            else {
                mvsh_error(ctl, "unknown version type '%s'", optarg);
                return -1;
            }
            return 1;
        case 'V':
            print_version(true);
            return 1;
        case ':':
            for (size_t i = 0; long_opts[i].name; i++) {
                if (long_opts[i].val == optopt && long_opts[i].has_arg == required_argument) {
                    mvsh_error(ctl, "option '-%c'/'--%s' requires an argument",
                               optopt, long_opts[i].name);
                    return -1;
                }
            }
            mvsh_error(ctl, "option '%s' requires an argument", argv[optind - 1]);
            return -1;
        default:
            if (optopt)
                mvsh_error(ctl, "unsupported option '-%c'. See --help.", optopt);
            else
                mvsh_error(ctl, "unsupported option '%s'. See --help.", argv[optind - 1]);
            return -1;
        }
    }
    return 0;
}

/* Reads commands from stdin after a prompt, echoing them when stdin is no terminal. */
static void
run_interactive(MvshControl *ctl)
{
    bool echo = !isatty(STDIN_FILENO);
    g_autofree char *line = NULL;
    size_t cap = 0;

    if (!ctl->quiet)
        printf("Welcome to modvirt, the virtualization interactive terminal.\n\n"
               "Type:  'help' for help with commands\n"
               "       'quit' to quit\n\n");
    while (!ctl->quit) {
        g_autoptr(MvshCmd) cmds = NULL;
        bool empty;
        ssize_t n;

        printf("%s", ctl->readonly ? "modvirt > " : "modvirt # ");
        fflush(stdout);
        if ((n = getline(&line, &cap, stdin)) < 0)
            break;
        if (n > 0 && line[n - 1] == '\n')
            line[n - 1] = '\0';
        if (echo)
            printf("%s\n", line);
        if ((cmds = parse_string(ctl, line, &empty)))
            run_commands(ctl, cmds);
    }
    /* Ends the line of the last prompt, or follows quit, as virsh does. */
    printf("\n");
}

int
main(int argc, char **argv)
{
    MvshControl ctl = { 0 };
    g_autoptr(MvshCmd) cmds = NULL;
    bool empty = false;
    bool ok = true;
    int r;

    if (virInitialize() < 0) {
        fprintf(stderr, "error: Failed to initialize libvirt\n");
        return 1;
    }
    virSetErrorFunc(&ctl, mvsh_error_handler);
    if (virEventRegisterDefaultImpl() < 0) {
        mvsh_report_error(&ctl);
        return 1;
    }

    r = parse_global_options(&ctl, argc, argv);
    if (r != 0) {
        g_free(ctl.uri);
        return r < 0 ? 1 : 0;
    }

    if (!connect_hypervisor(&ctl)) {
        mvsh_report_error(&ctl);
        g_free(ctl.uri);
        return 1;
    }

    if (optind == argc) {
        run_interactive(&ctl);
    } else {
        if (argc - optind == 1)
            cmds = parse_string(&ctl, argv[optind], &empty);
        else
            cmds = parse_words(&ctl, argv + optind, argc - optind, &empty);
        ok = cmds ? run_commands(&ctl, cmds) : empty;
    }

    if (ctl.conn)
        virConnectClose(ctl.conn);
    mvsh_reset_error(&ctl);
    g_free(ctl.uri);
    return ok ? 0 : 1;
}
