/* modvirt: host and hypervisor commands (version, hostname, uri, capabilities, domcapabilities, nodeinfo). */
#include "modvirt.h"

static void
print_version_line(MvshControl *ctl, const char *what, const char *name, unsigned long v)
{
    mvsh_print(ctl, "%s: %s %lu.%lu.%lu\n", what, name,
               v / 1000000, (v / 1000) % 1000, v % 1000);
}

static bool
cmd_version(MvshControl *ctl, const MvshCmd *cmd)
{
    unsigned long lib_ver = 0;
    unsigned long api_ver = 0;
    unsigned long hv_ver = 0;
    const char *type;

    print_version_line(ctl, "Compiled against library", "libvirt", LIBVIR_VERSION_NUMBER);
    if (virGetVersion(&lib_ver, NULL, NULL) < 0) {
        mvsh_error(ctl, "%s", "failed to get the library version");
        return false;
    }
    print_version_line(ctl, "Using library", "libvirt", lib_ver);

    if (!(type = virConnectGetType(ctl->conn))) {
        mvsh_error(ctl, "%s", "failed to get hypervisor type");
        return false;
    }
    if (virGetVersion(&lib_ver, type, &api_ver) < 0) {
        mvsh_error(ctl, "%s", "failed to get the library version");
        return false;
    }
    print_version_line(ctl, "Using API", type, api_ver);

    if (virConnectGetVersion(ctl->conn, &hv_ver) < 0) {
        mvsh_error(ctl, "%s", "failed to get the hypervisor version");
        return false;
    }
    if (hv_ver == 0)
        mvsh_print(ctl, "Cannot extract running %s hypervisor version\n", type);
    else
        print_version_line(ctl, "Running hypervisor", type, hv_ver);

    if (mvsh_opt_bool(cmd, "daemon")) {
        unsigned long daemon_ver = 0;

        if (virConnectGetLibVersion(ctl->conn, &daemon_ver) < 0) {
            mvsh_error(ctl, "%s", "failed to get the daemon version");
            return false;
        }
        mvsh_print(ctl, "Running against daemon: %lu.%lu.%lu\n",
                   daemon_ver / 1000000, (daemon_ver / 1000) % 1000, daemon_ver % 1000);
    }
    return true;
}

static bool
cmd_hostname(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autofree char *hostname = virConnectGetHostname(ctl->conn);

    (void)cmd;
    if (!hostname) {
        mvsh_error(ctl, "%s", "failed to get hostname");
        return false;
    }
    mvsh_print(ctl, "%s\n", hostname);
    return true;
}

static bool
cmd_uri(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autofree char *uri = virConnectGetURI(ctl->conn);

    (void)cmd;
    if (!uri) {
        mvsh_error(ctl, "%s", "failed to get URI");
        return false;
    }
    mvsh_print(ctl, "%s\n", uri);
    return true;
}

static bool
cmd_capabilities(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autofree char *caps = virConnectGetCapabilities(ctl->conn);

    (void)cmd;
    if (!caps) {
        mvsh_error(ctl, "%s", "failed to get capabilities");
        return false;
    }
    mvsh_print(ctl, "%s", caps);
    return true;
}

static bool
cmd_domcapabilities(MvshControl *ctl, const MvshCmd *cmd)
{
    g_autofree char *caps = virConnectGetDomainCapabilities(ctl->conn,
                                                            mvsh_opt_string(cmd, "emulatorbin"),
                                                            mvsh_opt_string(cmd, "arch"),
                                                            mvsh_opt_string(cmd, "machine"),
                                                            mvsh_opt_string(cmd, "virttype"), 0);

    if (!caps) {
        mvsh_error(ctl, "%s", "failed to get emulator capabilities");
        return false;
    }
    /* virsh adds a newline after the document. */
    mvsh_print(ctl, "%s\n", caps);
    return true;
}

static bool
cmd_nodeinfo(MvshControl *ctl, const MvshCmd *cmd)
{
    virNodeInfo info;

    (void)cmd;
    if (virNodeGetInfo(ctl->conn, &info) < 0) {
        mvsh_error(ctl, "%s", "failed to get node information");
        return false;
    }
    mvsh_print(ctl, "%-20s %s\n", "CPU model:", info.model);
    mvsh_print(ctl, "%-20s %u\n", "CPU(s):", info.cpus);
    if (info.mhz)
        mvsh_print(ctl, "%-20s %u MHz\n", "CPU frequency:", info.mhz);
    mvsh_print(ctl, "%-20s %u\n", "CPU socket(s):", info.sockets);
    mvsh_print(ctl, "%-20s %u\n", "Core(s) per socket:", info.cores);
    mvsh_print(ctl, "%-20s %u\n", "Thread(s) per core:", info.threads);
    mvsh_print(ctl, "%-20s %u\n", "NUMA cell(s):", info.nodes);
    mvsh_print(ctl, "%-20s %lu KiB\n", "Memory size:", info.memory);
    return true;
}

static const MvshOptDef opts_version[] = {
    { "daemon", MVSH_OT_BOOL, 0, "report daemon version too" },
    { NULL, 0, 0, NULL },
};

/* virsh's order: virttype, emulatorbin, arch, machine. */
static const MvshOptDef opts_domcapabilities[] = {
    { "virttype", MVSH_OT_STRING, 0, "virtualization type (/domain/@type)" },
    { "emulatorbin", MVSH_OT_STRING, 0, "path to emulator binary (/domain/devices/emulator)" },
    { "arch", MVSH_OT_STRING, 0, "domain architecture (/domain/os/type/@arch)" },
    { "machine", MVSH_OT_STRING, 0, "machine type (/domain/os/type/@machine)" },
    { NULL, 0, 0, NULL },
};

const MvshCmdDef mvsh_host_cmds[] = {
    { "capabilities", "host", "capabilities",
      "Print the host's capabilities XML.", NULL, cmd_capabilities },
    { "domcapabilities", "host", "domain capabilities",
      "Print what one emulator can run for an arch, machine and virt type, as XML.",
      opts_domcapabilities, cmd_domcapabilities },
    { "hostname", "host", "print the hypervisor hostname", NULL, NULL, cmd_hostname },
    { "nodeinfo", "host", "node information",
      "Print the host's CPU model, CPU topology and memory.", NULL, cmd_nodeinfo },
    { "uri", "host", "print the hypervisor canonical URI", NULL, NULL, cmd_uri },
    { "version", "host", "show version",
      "Print the library, API and hypervisor versions.", opts_version, cmd_version },
    { NULL, NULL, NULL, NULL, NULL, NULL },
};
