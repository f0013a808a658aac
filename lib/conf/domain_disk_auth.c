/* Credentials of disk storage sources: <auth> with its <secret>, and <encryption>. */
#define MV_LOG_MODULE "conf.domain_disk"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_disk_source.h"

#include <string.h>

#include "util/error.h"

typedef enum {
    AUTH_TYPE_NONE = 0,
    AUTH_TYPE_CHAP,
    AUTH_TYPE_CEPH,
    AUTH_TYPE_LAST,
} AuthType;
MV_ENUM_DECL(auth_type);
MV_ENUM_IMPL(auth_type, AUTH_TYPE_LAST, "none", "chap", "ceph")

typedef enum {
    ENC_FORMAT_DEFAULT = 0,
    ENC_FORMAT_QCOW,
    ENC_FORMAT_LUKS,
    ENC_FORMAT_LUKS2,
    ENC_FORMAT_LAST,
} EncFormat;
MV_ENUM_DECL(enc_format);
MV_ENUM_IMPL(enc_format, ENC_FORMAT_LAST, "default", "qcow", "luks", "luks2")

typedef enum {
    ENC_ENGINE_DEFAULT = 0,
    ENC_ENGINE_QEMU,
    ENC_ENGINE_LIBRBD,
    ENC_ENGINE_LAST,
} EncEngine;
MV_ENUM_DECL(enc_engine);
MV_ENUM_IMPL(enc_engine, ENC_ENGINE_LAST, "default", "qemu", "librbd")

/* Memory ------------------------------------------------------------- */

static void
secret_ref_clear(MvSecretRef *ref)
{
    g_free(ref->type);
    g_free(ref->usage);
    memset(ref, 0, sizeof(*ref));
}

static void
secret_ref_free(gpointer data)
{
    MvSecretRef *ref = data;

    secret_ref_clear(ref);
    g_free(ref);
}

void
mv_storage_auth_free(MvStorageAuth *auth)
{
    if (!auth)
        return;
    g_free(auth->username);
    secret_ref_clear(&auth->secret);
    g_free(auth);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvStorageAuth, mv_storage_auth_free)

void
mv_storage_encryption_free(MvStorageEncryption *enc)
{
    if (!enc)
        return;
    if (enc->secrets)
        g_ptr_array_unref(enc->secrets);
    g_free(enc->cipher_name);
    g_free(enc->cipher_mode);
    g_free(enc->cipher_hash);
    g_free(enc->ivgen_name);
    g_free(enc->ivgen_hash);
    g_free(enc);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvStorageEncryption, mv_storage_encryption_free)

/* Parse and format --------------------------------------------------- */

static int
secret_ref_parse(const xmlNode *node, MvSecretRef *ref)
{
    g_autofree char *uuid = mv_xml_prop(node, "uuid");
    g_autofree char *usage = mv_xml_prop(node, "usage");

    if (!uuid && !usage) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing secret uuid or usage attribute");
        return -1;
    }
    if (uuid && usage) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "either secret uuid or usage expected");
        return -1;
    }
    if (uuid) {
        if (mv_uuid_parse(uuid, ref->uuid) < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "invalid secret uuid '%s'", uuid);
            return -1;
        }
        ref->has_uuid = true;
    } else {
        ref->usage = g_steal_pointer(&usage);
    }
    return 0;
}

static void
secret_ref_format(MvXmlBuf *buf, const MvSecretRef *ref)
{
    mv_xml_buf_start(buf, "secret");
    mv_xml_buf_attr(buf, "type", ref->type);
    if (ref->has_uuid) {
        char uuid[MV_UUID_STRING_BUFLEN];

        mv_xml_buf_attr(buf, "uuid", mv_uuid_format(ref->uuid, uuid));
    } else {
        mv_xml_buf_attr(buf, "usage", ref->usage);
    }
    mv_xml_buf_end(buf);
}

MvStorageAuth *
mv_storage_auth_parse(const xmlNode *node)
{
    g_autoptr(MvStorageAuth) auth = g_new0(MvStorageAuth, 1);
    g_autofree char *type = NULL;
    xmlNode *secret;

    auth->username = mv_xml_prop(node, "username");
    if (!auth->username || !*auth->username) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing username for auth");
        return NULL;
    }
    if ((type = mv_xml_prop(node, "type")) &&
        (auth->auth_type = auth_type_from_string(type)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown auth type '%s'", type);
        return NULL;
    }
    if (!(secret = mv_xml_child(node, "secret"))) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "Missing <secret> element in auth");
        return NULL;
    }
    auth->secret.type = mv_xml_prop(secret, "type");
    if (secret_ref_parse(secret, &auth->secret) < 0)
        return NULL;
    return g_steal_pointer(&auth);
}

void
mv_storage_auth_format(MvXmlBuf *buf, const MvStorageAuth *auth)
{
    mv_xml_buf_start(buf, "auth");
    if (auth->auth_type != AUTH_TYPE_NONE)
        mv_xml_buf_attr(buf, "type", auth_type_to_string(auth->auth_type));
    mv_xml_buf_attr(buf, "username", auth->username);
    secret_ref_format(buf, &auth->secret);
    mv_xml_buf_end(buf);
}

static int
encryption_cipher_parse(const xmlNode *node, MvStorageEncryption *enc)
{
    xmlNode *cipher = mv_xml_child(node, "cipher");
    xmlNode *ivgen = mv_xml_child(node, "ivgen");

    if (cipher) {
        if (!(enc->cipher_name = mv_xml_prop(cipher, "name"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "cipher info missing 'name' attribute");
            return -1;
        }
        if (mv_xml_prop_uint(cipher, "size", 10, MV_XML_PROP_REQUIRED, &enc->cipher_size) < 0)
            return -1;
        enc->cipher_mode = mv_xml_prop(cipher, "mode");
        enc->cipher_hash = mv_xml_prop(cipher, "hash");
    }
    if (ivgen) {
        if (!enc->cipher_name) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "ivgen element found, but cipher is missing");
            return -1;
        }
        if (!(enc->ivgen_name = mv_xml_prop(ivgen, "name"))) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "missing ivgen info name string");
            return -1;
        }
        enc->ivgen_hash = mv_xml_prop(ivgen, "hash");
    }
    return 0;
}

MvStorageEncryption *
mv_storage_encryption_parse(const xmlNode *node)
{
    g_autoptr(MvStorageEncryption) enc = g_new0(MvStorageEncryption, 1);
    g_autofree char *format = mv_xml_prop(node, "format");

    enc->secrets = g_ptr_array_new_with_free_func(secret_ref_free);
    if (!format || !*format) {
        mv_report_error(VIR_ERR_XML_ERROR, "%s", "unknown volume encryption format");
        return NULL;
    }
    if ((enc->format = enc_format_from_string(format)) < 0) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown volume encryption format type %s",
                        format);
        return NULL;
    }
    if (mv_xml_prop_enum(node, "engine", enc_engine_from_string, MV_XML_PROP_NONZERO,
                         &enc->engine) < 0)
        return NULL;

    for (xmlNode *s = mv_xml_child(node, "secret"); s; s = mv_xml_next(s)) {
        MvSecretRef *ref = g_new0(MvSecretRef, 1);

        g_ptr_array_add(enc->secrets, ref);
        ref->type = mv_xml_prop(s, "type");
        if (!ref->type || !*ref->type) {
            mv_report_error(VIR_ERR_XML_ERROR, "%s", "unknown volume encryption secret type");
            return NULL;
        }
        if (strcmp(ref->type, "passphrase") != 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                            "unknown volume encryption secret type %s", ref->type);
            return NULL;
        }
        if (secret_ref_parse(s, ref) < 0)
            return NULL;
    }
    if (enc->format == ENC_FORMAT_LUKS && encryption_cipher_parse(node, enc) < 0)
        return NULL;
    return g_steal_pointer(&enc);
}

void
mv_storage_encryption_format(MvXmlBuf *buf, const MvStorageEncryption *enc)
{
    mv_xml_buf_start(buf, "encryption");
    mv_xml_buf_attr(buf, "format", enc_format_to_string(enc->format));
    if (enc->engine != ENC_ENGINE_DEFAULT)
        mv_xml_buf_attr(buf, "engine", enc_engine_to_string(enc->engine));
    mv_xml_buf_open_children(buf);
    for (guint i = 0; i < enc->secrets->len; i++)
        secret_ref_format(buf, g_ptr_array_index(enc->secrets, i));
    if (enc->format == ENC_FORMAT_LUKS && enc->cipher_name) {
        mv_xml_buf_start(buf, "cipher");
        mv_xml_buf_attr(buf, "name", enc->cipher_name);
        mv_xml_buf_attr_uint(buf, "size", enc->cipher_size);
        mv_xml_buf_attr(buf, "mode", enc->cipher_mode);
        mv_xml_buf_attr(buf, "hash", enc->cipher_hash);
        mv_xml_buf_end(buf);
        if (enc->ivgen_name) {
            mv_xml_buf_start(buf, "ivgen");
            mv_xml_buf_attr(buf, "name", enc->ivgen_name);
            mv_xml_buf_attr(buf, "hash", enc->ivgen_hash);
            mv_xml_buf_end(buf);
        }
    }
    mv_xml_buf_end(buf);
}
