/* Tests of <domainCapabilities>: lib/conf's formatter alone, then documents built from a real qemu-system-x86_64 probe (elements and their order, CPU models, kvm vs qemu, machines, arches, errors). */
#define MV_LOG_MODULE "test.qemu.domcaps"
#define MV_FROM_THIS VIR_FROM_QEMU

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <string.h>

#include "conf/domain_caps.h"
#include "qemu_capabilities.h"
#include "qemu_domcaps.h"
#include "qemutest.h"
#include "testutil.h"
#include "util/error.h"

/* One probe for every test; NULL when QEMU is missing. */
static MvQemuCaps *qcaps;
static char *binary;

typedef struct {
    xmlDoc *doc;
    xmlXPathContext *ctx;
} Doc;

static void
doc_free(Doc *d)
{
    xmlXPathFreeContext(d->ctx);
    xmlFreeDoc(d->doc);
    g_free(d);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Doc, doc_free)

static Doc *
doc_parse(const char *xml)
{
    Doc *d = g_new0(Doc, 1);

    d->doc = xmlReadMemory(xml, (int) strlen(xml), "domcaps.xml", NULL, XML_PARSE_NONET);
    g_assert_nonnull(d->doc);
    d->ctx = xmlXPathNewContext(d->doc);
    return d;
}

/* The string value of expr ("" when it selects nothing); caller frees. */
static char *
xp_string(Doc *d, const char *expr)
{
    g_autofree char *wrapped = g_strdup_printf("string(%s)", expr);
    xmlXPathObject *obj = xmlXPathEvalExpression((const xmlChar *) wrapped, d->ctx);
    char *s;

    g_assert_nonnull(obj);
    s = g_strdup((const char *) obj->stringval);
    xmlXPathFreeObject(obj);
    return s;
}

static int
xp_count(Doc *d, const char *expr)
{
    g_autofree char *wrapped = g_strdup_printf("count(%s)", expr);
    xmlXPathObject *obj = xmlXPathEvalExpression((const xmlChar *) wrapped, d->ctx);
    int n;

    g_assert_nonnull(obj);
    n = (int) obj->floatval;
    xmlXPathFreeObject(obj);
    return n;
}

#define assert_xp(d, expr, want) \
    do { \
        g_autofree char *got_ = xp_string(d, expr); \
        g_assert_cmpstr(got_, ==, want); \
    } while (0)

/* The element children of the node expr selects, names joined by ' '. */
static char *
child_names(Doc *d, const char *expr)
{
    xmlXPathObject *obj = xmlXPathEvalExpression((const xmlChar *) expr, d->ctx);
    g_autoptr(GString) out = g_string_new(NULL);

    g_assert_nonnull(obj);
    g_assert_nonnull(obj->nodesetval);
    g_assert_cmpint(obj->nodesetval->nodeNr, ==, 1);
    for (xmlNode *c = obj->nodesetval->nodeTab[0]->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (out->len)
            g_string_append_c(out, ' ');
        g_string_append(out, (const char *) c->name);
    }
    xmlXPathFreeObject(obj);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

/* The document for the request, asserted to build. */
static Doc *
build(const char *arch, const char *machine, const char *virttype, char **ret_xml)
{
    g_autoptr(MvDomainCaps) dc = mv_qemu_domain_caps_build(qcaps, arch, machine, virttype);
    char *xml;
    Doc *d;

    if (!dc)
        g_test_message("build failed: %s", mv_error_last_message());
    g_assert_nonnull(dc);
    xml = mv_domain_caps_format(dc);
    d = doc_parse(xml);
    if (ret_xml)
        *ret_xml = xml;
    else
        g_free(xml);
    return d;
}

/* The request fails with VIR_ERR_INVALID_ARG and libvirt's message. */
static void
assert_refused(const char *arch, const char *machine, const char *virttype, const char *message)
{
    g_autofree char *want = g_strconcat("invalid argument: ", message, NULL);

    g_assert_null(mv_qemu_domain_caps_build(qcaps, arch, machine, virttype));
    g_assert_cmpint(mv_error_last_code(), ==, VIR_ERR_INVALID_ARG);
    g_assert_cmpstr(mv_error_last_message(), ==, want);
    mv_error_reset();
}

/* lib/conf alone ---------------------------------------------------------- */

static void
test_format_order(void)
{
    g_autoptr(MvDomainCaps) dc = mv_domain_caps_new("/bin/emu", "qemu", "m1", "x86_64");
    g_autofree char *xml = NULL;
    g_autofree char *devices = NULL;
    g_autofree char *features = NULL;
    g_autoptr(Doc) d = NULL;
    MvDomainCapsElement *el;

    /* Added out of libvirt's order on purpose. */
    mv_domain_caps_add_feature(dc, "sgx", false);
    mv_domain_caps_add_feature(dc, "iothreads", true);
    mv_domain_caps_add_feature(dc, "gic", false);
    el = mv_domain_caps_add_device(dc, "channel", true);
    mv_domain_caps_element_add_enum(el, "type", "pty", NULL);
    el = mv_domain_caps_add_device(dc, "disk", true);
    mv_domain_caps_element_add_enum(el, "bus", NULL);
    mv_domain_caps_add_device(dc, "redirdev", false);
    mv_domain_caps_add_cpu_model(dc, "Model<1>", true, true, NULL);
    dc->custom.supported = true;

    xml = mv_domain_caps_format(dc);
    d = doc_parse(xml);
    devices = child_names(d, "/domainCapabilities/devices");
    features = child_names(d, "/domainCapabilities/features");
    g_assert_cmpstr(devices, ==, "disk redirdev channel");
    g_assert_cmpstr(features, ==, "gic sgx");
    /* iothreads sits on top, after <arch>; no <vcpu> without a max. */
    g_assert_nonnull(strstr(xml, "  <arch>x86_64</arch>\n  <iothreads supported='yes'/>\n  <cpu>\n"));
    g_assert_nonnull(strstr(xml, "    <redirdev supported='no'/>\n"));
    g_assert_nonnull(strstr(xml, "      <enum name='bus'/>\n"));
    g_assert_nonnull(strstr(xml, "<model usable='yes' deprecated='yes' vendor='unknown'>Model&lt;1&gt;</model>"));
    g_assert_nonnull(strstr(xml, "    <mode name='host-passthrough' supported='no'/>\n"));
}

/* Against the real QEMU ---------------------------------------------------- */

static void
test_default(void)
{
    g_autoptr(Doc) d = NULL;
    g_autofree char *top = NULL;
    g_autofree char *devices = NULL;
    g_autofree char *features = NULL;
    g_autofree char *machine = NULL;
    const char *domain;

    if (!qcaps) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return;
    }
    domain = mv_qemu_caps_has_kvm(qcaps) ? "kvm" : "qemu";
    d = build(NULL, NULL, NULL, NULL);
    top = child_names(d, "/domainCapabilities");
    g_assert_cmpstr(top, ==, "path domain machine arch vcpu iothreads os cpu memoryBacking "
                             "devices features");
    assert_xp(d, "/domainCapabilities/path", binary);
    assert_xp(d, "/domainCapabilities/domain", domain);
    machine = xp_string(d, "/domainCapabilities/machine");
    g_assert_cmpstr(machine, ==, mv_qemu_caps_get_default_machine(qcaps)->name);
    g_assert_true(g_str_has_prefix(machine, "pc-i440fx-"));
    assert_xp(d, "/domainCapabilities/arch", "x86_64");
    g_assert_cmpint(xp_count(d, "/domainCapabilities/vcpu[@max > 0]"), ==, 1);
    assert_xp(d, "/domainCapabilities/iothreads/@supported", "yes");

    assert_xp(d, "/domainCapabilities/os/@supported", "yes");
    g_assert_cmpint(xp_count(d, "/domainCapabilities/os/enum[@name='firmware']"), ==, 1);
    assert_xp(d, "/domainCapabilities/os/loader/enum[@name='type']/value[2]", "pflash");

    devices = child_names(d, "/domainCapabilities/devices");
    g_assert_cmpstr(devices, ==, "disk graphics video hostdev rng filesystem tpm redirdev channel");
    features = child_names(d, "/domainCapabilities/features");
    g_assert_cmpstr(features, ==, "gic vmcoreinfo genid backingStoreInput backup sev sgx hyperv");

    /* What this QEMU build has, as its probe found it. */
    g_assert_cmpint(xp_count(d, "//disk/enum[@name='bus']/value[.='ide']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//disk/enum[@name='bus']/value[.='sata']"), ==,
                    mv_qemu_caps_has_device(qcaps, "ich9-ahci"));
    g_assert_cmpint(xp_count(d, "//graphics/enum[@name='type']/value[.='vnc']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//video/enum[@name='modelType']/value[.='cirrus']"), ==,
                    mv_qemu_caps_has_device(qcaps, "cirrus-vga"));
    g_assert_cmpint(xp_count(d, "//rng/enum[@name='model']/value[.='virtio']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//rng/enum[@name='backendModel']/value[.='builtin']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//memoryBacking/enum/value[.='memfd']"), ==, 1);
    assert_xp(d, "//features/genid/@supported",
              mv_qemu_caps_has_device(qcaps, "vmgenid") ? "yes" : "no");
    assert_xp(d, "//features/gic/@supported", "no");

    /* Every listed model is one QEMU reported, never a versioned alias or
     * a pseudo model; each says whether it is usable. */
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model[.='qemu64']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model[.='EPYC'][@vendor='AMD']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model[.='Skylake-Client'][@vendor='Intel']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model[.='qemu64'][@vendor='unknown']"), ==, 1);
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model[.='max' or .='host' or .='base']"), ==, 0);
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model[contains(., '-v1')]"), ==, 0);
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model[not(@usable='yes' or @usable='no')]"), ==, 0);
    g_assert_cmpint(xp_count(d, "//mode[@name='custom']/model"), >, 30);
    assert_xp(d, "//mode[@name='maximum']/@supported", "yes");
    assert_xp(d, "//mode[@name='host-model']/@supported", "yes");
}

static void
test_virttype(void)
{
    g_autoptr(Doc) q = NULL;

    if (!qcaps) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return;
    }
    q = build(NULL, NULL, "qemu", NULL);
    assert_xp(q, "/domainCapabilities/domain", "qemu");
    assert_xp(q, "//mode[@name='host-passthrough']/@supported", "no");
    /* TCG emulates everything qemu64 needs. */
    assert_xp(q, "//mode[@name='custom']/model[.='qemu64']/@usable", "yes");

    if (mv_qemu_caps_has_kvm(qcaps)) {
        g_autoptr(Doc) k = build(NULL, NULL, "kvm", NULL);

        assert_xp(k, "/domainCapabilities/domain", "kvm");
        assert_xp(k, "//mode[@name='host-passthrough']/@supported", "yes");
        assert_xp(k, "//mode[@name='host-passthrough']/enum[@name='hostPassthroughMigratable']/value[1]",
                  "on");
    } else {
        g_autofree char *msg = g_strdup_printf("the accel 'kvm' is not supported by '%s' on this host",
                                               binary);

        assert_refused(NULL, NULL, "kvm", msg);
    }
}

static void
test_machines_arches(void)
{
    g_autoptr(Doc) q35 = NULL;
    g_autoptr(Doc) pc = NULL;
    g_autoptr(Doc) i686 = NULL;
    g_autofree char *machine = NULL;

    if (!qcaps) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return;
    }
    /* An alias becomes the canonical name; q35 has no IDE bus on board. */
    q35 = build(NULL, "q35", NULL, NULL);
    machine = xp_string(q35, "/domainCapabilities/machine");
    g_assert_true(g_str_has_prefix(machine, "pc-q35-"));
    g_assert_cmpint(xp_count(q35, "//disk/enum[@name='bus']/value[.='ide']"), ==, 0);
    g_assert_cmpint(xp_count(q35, "/domainCapabilities/vcpu[@max > 255]"), ==, 1);

    pc = build(NULL, "pc", NULL, NULL);
    assert_xp(pc, "/domainCapabilities/machine", mv_qemu_caps_find_machine(qcaps, "pc")->name);

    i686 = build("i686", NULL, NULL, NULL);
    assert_xp(i686, "/domainCapabilities/arch", "i686");
    assert_xp(i686, "/domainCapabilities/path", binary);
}

static void
test_errors(void)
{
    g_autofree char *msg = NULL;

    if (!qcaps) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return;
    }
    assert_refused(NULL, NULL, "bogus", "unknown virttype: bogus");
    assert_refused("foo", NULL, NULL, "unknown architecture: foo");
    assert_refused("ppc64", NULL, NULL,
                   "architecture from emulator 'x86_64' doesn't match given architecture 'ppc64'");
    msg = g_strdup_printf("the machine 'foo' is not supported by emulator '%s'", binary);
    assert_refused(NULL, "foo", NULL, msg);
    g_free(msg);
    msg = g_strdup_printf("Emulator '%s' does not support virt type 'xen'", binary);
    assert_refused(NULL, NULL, "xen", msg);
}

/* The cache file keeps everything the document is built from. */
static void
test_from_cache(void)
{
    g_autofree char *root = NULL;
    g_autofree char *cache = NULL;
    g_autofree char *run = NULL;
    g_autoptr(MvQemuCaps) probed = NULL;
    g_autoptr(MvQemuCaps) cached = NULL;
    g_autoptr(MvDomainCaps) a = NULL;
    g_autoptr(MvDomainCaps) b = NULL;
    g_autofree char *xa = NULL;
    g_autofree char *xb = NULL;

    if (!qcaps) {
        g_test_skip("qemu-system-x86_64 is not installed");
        return;
    }
    root = mv_test_root_new();
    cache = g_build_filename(root, "cache", NULL);
    run = g_build_filename(root, "run", NULL);
    probed = mv_qemu_caps_load(binary, cache, run);
    g_assert_nonnull(probed);
    g_assert_false(mv_qemu_caps_is_from_cache(probed));
    cached = mv_qemu_caps_load(binary, cache, run);
    g_assert_nonnull(cached);
    g_assert_true(mv_qemu_caps_is_from_cache(cached));

    for (int kvm = 0; kvm <= (int) mv_qemu_caps_has_kvm(probed); kvm++) {
        g_clear_pointer(&a, mv_domain_caps_free);
        g_clear_pointer(&b, mv_domain_caps_free);
        g_clear_pointer(&xa, g_free);
        g_clear_pointer(&xb, g_free);
        a = mv_qemu_domain_caps_build(probed, NULL, NULL, kvm ? "kvm" : "qemu");
        b = mv_qemu_domain_caps_build(cached, NULL, NULL, kvm ? "kvm" : "qemu");
        g_assert_nonnull(a);
        g_assert_nonnull(b);
        xa = mv_domain_caps_format(a);
        xb = mv_domain_caps_format(b);
        g_assert_cmpstr(xa, ==, xb);
    }
    mv_test_root_remove(root);
}

int
main(int argc, char **argv)
{
    g_autofree char *root = NULL;
    int rc;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu/domcaps/format-order", test_format_order);

    binary = g_find_program_in_path("qemu-system-x86_64");
    if (binary) {
        g_autofree char *cache = NULL;
        g_autofree char *run = NULL;

        root = mv_test_root_new();
        cache = g_build_filename(root, "cache", NULL);
        run = g_build_filename(root, "run", NULL);
        qcaps = mv_qemu_caps_load(binary, cache, run);
        if (!qcaps)
            g_printerr("# probe of %s failed: %s\n", binary, mv_error_last_message());
        g_assert_nonnull(qcaps);
    }
    g_test_add_func("/qemu/domcaps/default", test_default);
    g_test_add_func("/qemu/domcaps/virttype", test_virttype);
    g_test_add_func("/qemu/domcaps/machines-arches", test_machines_arches);
    g_test_add_func("/qemu/domcaps/errors", test_errors);
    g_test_add_func("/qemu/domcaps/from-cache", test_from_cache);
    rc = g_test_run();

    g_clear_pointer(&qcaps, mv_qemu_caps_unref);
    if (root)
        mv_test_root_remove(root);
    g_free(binary);
    return rc;
}
