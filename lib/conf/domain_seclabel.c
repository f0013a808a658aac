/* Domain security: <seclabel> (one per model), <keywrap> and <launchSecurity>. */
#define MV_LOG_MODULE "conf.domain"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_seclabel.h"

#include <errno.h>
#include <string.h>

#include "util/error.h"
#include "util/log.h"

MV_ENUM_IMPL(mv_domain_seclabel_type, MV_DOMAIN_SECLABEL_LAST,
             "default", "none", "dynamic", "static")

/* The longest model name and label the security drivers take. */
#define MODEL_MAX 256
#define LABEL_MAX 4096

typedef enum {
    KEYWRAP_AES = 0,
    KEYWRAP_DEA,
    KEYWRAP_LAST,
} KeywrapCipher;
MV_ENUM_DECL(keywrap_cipher);
MV_ENUM_IMPL(keywrap_cipher, KEYWRAP_LAST, "aes", "dea")

void
mv_domain_seclabel_free(MvDomainSeclabel *seclabel)
{
    if (!seclabel)
        return;
    g_free(seclabel->model);
    g_free(seclabel->label);
    g_free(seclabel->imagelabel);
    g_free(seclabel->baselabel);
    g_free(seclabel);
}

/* The text of a child, NULL when absent, empty or too long. */
static char *
label_text(const xmlNode *node, const char *name)
{
    char *text = mv_xml_child_content(node, name);

    if (text && (!*text || strlen(text) > LABEL_MAX))
        g_clear_pointer(&text, g_free);
    return text;
}

static MvDomainSeclabel *
seclabel_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainSeclabel) sec = g_new0(MvDomainSeclabel, 1);
    MvTristate relabel = MV_TRISTATE_ABSENT;
    /* libvirt 9.0 means dynamic to be the default, but its attribute
     * reader resets the type when type= is absent: the label is then of
     * the default type, which is never written back. */
    int type = MV_DOMAIN_SECLABEL_DEFAULT;
    bool inactive = flags & MV_DOMAIN_XML_INACTIVE;

    /* A model name too long to be one is as good as none. */
    sec->model = mv_xml_prop(node, "model");
    if (sec->model && strlen(sec->model) > MODEL_MAX - 1)
        g_clear_pointer(&sec->model, g_free);

    if (mv_xml_prop_enum(node, "type", mv_domain_seclabel_type_from_string,
                         MV_XML_PROP_NONZERO, &type) < 0)
        return NULL;
    sec->type = type;
    sec->relabel = sec->type != MV_DOMAIN_SECLABEL_STATIC && sec->type != MV_DOMAIN_SECLABEL_NONE;
    if (mv_xml_prop_tristate_bool(node, "relabel", MV_XML_PROP_NONE, &relabel) < 0)
        return NULL;
    if (relabel != MV_TRISTATE_ABSENT)
        sec->relabel = relabel == MV_TRISTATE_YES;

    if (sec->type == MV_DOMAIN_SECLABEL_DYNAMIC && !sec->relabel) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "dynamic label type must use resource relabeling");
        return NULL;
    }
    if (sec->type == MV_DOMAIN_SECLABEL_NONE && sec->relabel) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                        "resource relabeling is not compatible with 'none' label type");
        return NULL;
    }

    if (g_strcmp0(sec->model, "none") == 0) {
        if (inactive) {
            /* Old configurations wrote other types with model 'none'. */
            sec->type = MV_DOMAIN_SECLABEL_NONE;
            sec->relabel = false;
        } else if (sec->type != MV_DOMAIN_SECLABEL_NONE) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unsupported type='%s' to model 'none'",
                            mv_domain_seclabel_type_to_string(sec->type));
            return NULL;
        }
        return g_steal_pointer(&sec);
    }

    /* A dynamic label is the hypervisor's choice: a persistent
     * definition keeps only the base it starts from. */
    if (sec->type == MV_DOMAIN_SECLABEL_STATIC ||
        (!inactive && sec->type != MV_DOMAIN_SECLABEL_NONE)) {
        if (!(sec->label = label_text(node, "label"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "security label is missing");
            return NULL;
        }
    }
    if (sec->relabel && !inactive && sec->type != MV_DOMAIN_SECLABEL_NONE) {
        if (!(sec->imagelabel = label_text(node, "imagelabel"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "security imagelabel is missing");
            return NULL;
        }
    }
    if (sec->type == MV_DOMAIN_SECLABEL_DYNAMIC)
        sec->baselabel = label_text(node, "baselabel");

    return g_steal_pointer(&sec);
}

int
mv_domain_seclabels_parse(const xmlNode *domain, unsigned int flags, GPtrArray *seclabels)
{
    for (xmlNode *node = mv_xml_child(domain, "seclabel"); node; node = mv_xml_next(node)) {
        MvDomainSeclabel *sec = seclabel_parse(node, flags);

        if (!sec)
            return -1;
        for (guint i = 0; i < seclabels->len; i++) {
            const MvDomainSeclabel *other = g_ptr_array_index(seclabels, i);

            if (g_strcmp0(sec->model, other->model) == 0) {
                mv_report_error(VIR_ERR_XML_DETAIL, "seclabel for model %s is already provided",
                                sec->model ? sec->model : "(null)");
                mv_domain_seclabel_free(sec);
                return -1;
            }
        }
        g_ptr_array_add(seclabels, sec);
    }

    if (seclabels->len > 1) {
        for (guint i = 0; i < seclabels->len; i++) {
            const MvDomainSeclabel *sec = g_ptr_array_index(seclabels, i);

            if (!sec->model) {
                mv_report_error(VIR_ERR_XML_ERROR, "%s",
                                "missing security model when using multiple labels");
                return -1;
            }
        }
    }
    return 0;
}

int
mv_domain_keywrap_parse(const xmlNode *domain, MvDomainKeywrap **ret_keywrap)
{
    g_autofree MvDomainKeywrap *keywrap = g_new0(MvDomainKeywrap, 1);

    for (xmlNode *list = mv_xml_child(domain, "keywrap"); list; list = mv_xml_next(list)) {
        for (xmlNode *node = mv_xml_child(list, "cipher"); node; node = mv_xml_next(node)) {
            MvTristate state = MV_TRISTATE_ABSENT;
            MvTristate *slot;
            int name = 0;

            if (mv_xml_prop_enum(node, "name", keywrap_cipher_from_string,
                                 MV_XML_PROP_REQUIRED, &name) < 0 ||
                mv_xml_prop_tristate_switch(node, "state", MV_XML_PROP_REQUIRED, &state) < 0)
                return -1;
            slot = name == KEYWRAP_AES ? &keywrap->aes : &keywrap->dea;
            if (*slot != MV_TRISTATE_ABSENT) {
                mv_report_error(VIR_ERR_INTERNAL_ERROR,
                                "A domain definition can have no more than one cipher node with name %s",
                                keywrap_cipher_to_string(name));
                return -1;
            }
            *slot = state;
        }
    }
    if (keywrap->aes || keywrap->dea)
        *ret_keywrap = g_steal_pointer(&keywrap);
    return 0;
}

void
mv_domain_seclabel_format(MvXmlBuf *buf, const MvDomainSeclabel *sec)
{
    if (sec->type == MV_DOMAIN_SECLABEL_DEFAULT)
        return;
    mv_xml_buf_start(buf, "seclabel");
    mv_xml_buf_attr(buf, "type", mv_domain_seclabel_type_to_string(sec->type));
    mv_xml_buf_attr(buf, "model", sec->model);
    if (sec->type == MV_DOMAIN_SECLABEL_NONE) {
        mv_xml_buf_end(buf);
        return;
    }
    mv_xml_buf_attr(buf, "relabel", sec->relabel ? "yes" : "no");
    mv_xml_buf_text_element(buf, "label", sec->label);
    if (sec->relabel)
        mv_xml_buf_text_element(buf, "imagelabel", sec->imagelabel);
    if (sec->type == MV_DOMAIN_SECLABEL_DYNAMIC)
        mv_xml_buf_text_element(buf, "baselabel", sec->baselabel);
    mv_xml_buf_end(buf);
}

void
mv_domain_keywrap_format(MvXmlBuf *buf, const MvDomainKeywrap *keywrap)
{
    mv_xml_buf_start(buf, "keywrap");
    if (keywrap->aes) {
        mv_xml_buf_start(buf, "cipher");
        mv_xml_buf_attr(buf, "name", "aes");
        mv_xml_buf_attr_tristate_switch(buf, "state", keywrap->aes);
        mv_xml_buf_end(buf);
    }
    if (keywrap->dea) {
        mv_xml_buf_start(buf, "cipher");
        mv_xml_buf_attr(buf, "name", "dea");
        mv_xml_buf_attr_tristate_switch(buf, "state", keywrap->dea);
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

/* <launchSecurity> ---------------------------------------------------- */

MV_ENUM_IMPL(mv_domain_launch_security_type, MV_DOMAIN_LAUNCH_SECURITY_LAST,
             "", "sev", "s390-pv")

void
mv_domain_launch_security_free(MvDomainLaunchSecurity *sec)
{
    if (!sec)
        return;
    g_free(sec->dh_cert);
    g_free(sec->session);
    g_free(sec);
}

/* The text of the first child named name as libvirt reads a number there:
 * 1 and *ret_value set, 0 when absent or empty, -1 when it is no unsigned
 * number of base (no sign, nothing after it; reports nothing). */
static int
child_uint(const xmlNode *node, const char *name, int base, unsigned int *ret_value)
{
    g_autofree char *text = mv_xml_child_content(node, name);
    char *end = NULL;
    guint64 v;

    if (!text || !*text)
        return 0;
    if (strchr(text, '-'))
        return -1;
    errno = 0;
    v = g_ascii_strtoull(text, &end, base);
    if (errno || end == text || *end || v > G_MAXUINT)
        return -1;
    *ret_value = (unsigned int) v;
    return 1;
}

static int
sev_parse(const xmlNode *node, MvDomainLaunchSecurity *sec)
{
    int rc;

    if (mv_xml_prop_tristate_bool(node, "kernelHashes", MV_XML_PROP_NONE, &sec->kernel_hashes) < 0)
        return -1;
    if (child_uint(node, "policy", 16, &sec->policy) <= 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "failed to get launch security policy");
        return -1;
    }
    if ((rc = child_uint(node, "cbitpos", 10, &sec->cbitpos)) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Invalid format for launch security cbitpos");
        return -1;
    }
    sec->has_cbitpos = rc > 0;
    if ((rc = child_uint(node, "reducedPhysBits", 10, &sec->reduced_phys_bits)) < 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s",
                        "Invalid format for launch security reduced-phys-bits");
        return -1;
    }
    sec->has_reduced_phys_bits = rc > 0;
    sec->dh_cert = mv_xml_child_content(node, "dhCert");
    if (sec->dh_cert && !*sec->dh_cert)
        g_clear_pointer(&sec->dh_cert, g_free);
    sec->session = mv_xml_child_content(node, "session");
    if (sec->session && !*sec->session)
        g_clear_pointer(&sec->session, g_free);
    return 0;
}

int
mv_domain_launch_security_parse(const xmlNode *domain, MvDomainLaunchSecurity **ret_sec)
{
    xmlNode *node = mv_xml_child(domain, "launchSecurity");
    g_autoptr(MvDomainLaunchSecurity) sec = NULL;
    int type = 0;

    *ret_sec = NULL;
    if (!node)
        return 0;
    sec = g_new0(MvDomainLaunchSecurity, 1);
    if (mv_xml_prop_enum(node, "type", mv_domain_launch_security_type_from_string,
                         MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &type) < 0)
        return -1;
    sec->type = type;
    if (sec->type == MV_DOMAIN_LAUNCH_SECURITY_SEV && sev_parse(node, sec) < 0)
        return -1;
    *ret_sec = g_steal_pointer(&sec);
    return 0;
}

void
mv_domain_launch_security_format(MvXmlBuf *buf, const MvDomainLaunchSecurity *sec)
{
    g_autofree char *policy = NULL;

    mv_xml_buf_start(buf, "launchSecurity");
    mv_xml_buf_attr(buf, "type", mv_domain_launch_security_type_to_string(sec->type));
    if (sec->type != MV_DOMAIN_LAUNCH_SECURITY_SEV) {
        mv_xml_buf_end(buf);
        return;
    }
    mv_xml_buf_attr_tristate_bool(buf, "kernelHashes", sec->kernel_hashes);
    /* libvirt writes these two with %d: values above INT_MAX come out
     * negative, as in libvirt. */
    if (sec->has_cbitpos) {
        g_autofree char *v = g_strdup_printf("%d", (int) sec->cbitpos);

        mv_xml_buf_text_element(buf, "cbitpos", v);
    }
    if (sec->has_reduced_phys_bits) {
        g_autofree char *v = g_strdup_printf("%d", (int) sec->reduced_phys_bits);

        mv_xml_buf_text_element(buf, "reducedPhysBits", v);
    }
    policy = g_strdup_printf("0x%04x", sec->policy);
    mv_xml_buf_text_element(buf, "policy", policy);
    mv_xml_buf_text_element(buf, "dhCert", sec->dh_cert);
    mv_xml_buf_text_element(buf, "session", sec->session);
    mv_xml_buf_end(buf);
}
