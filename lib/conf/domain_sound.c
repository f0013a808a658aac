/* Domain <sound> devices: parse, validate (the audio backend exists), format. */
#define MV_LOG_MODULE "conf.domain_sound"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_sound.h"

#include "domain_audio.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_domain_sound_model, MV_DOMAIN_SOUND_LAST,
             "sb16", "es1370", "pcspk", "ac97", "ich6", "ich9", "usb", "ich7")
MV_ENUM_IMPL(mv_domain_sound_codec, MV_DOMAIN_SOUND_CODEC_LAST, "duplex", "micro", "output")

void
mv_domain_sound_free(MvDomainSound *def)
{
    if (!def)
        return;
    if (def->codecs)
        g_array_unref(def->codecs);
    mv_domain_device_info_clear(&def->info);
    g_free(def);
}

static bool
model_has_codecs(MvDomainSoundModel model)
{
    return model == MV_DOMAIN_SOUND_ICH6 || model == MV_DOMAIN_SOUND_ICH9;
}

static int
codecs_parse(const xmlNode *node, MvDomainSound *def)
{
    for (xmlNode *codec = mv_xml_child(node, "codec"); codec; codec = mv_xml_next(codec)) {
        g_autofree char *type = mv_xml_prop(codec, "type");
        int t = type ? mv_domain_sound_codec_from_string(type) : -1;

        if (t < 0) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "unknown codec type '%s'",
                            type ? type : "(null)");
            return -1;
        }
        if (!def->codecs)
            def->codecs = g_array_new(FALSE, FALSE, sizeof(MvDomainSoundCodec));
        g_array_append_val(def->codecs, t);
    }
    return 0;
}

MvDomainSound *
mv_domain_sound_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainSound) def = g_new0(MvDomainSound, 1);
    xmlNode *audio;
    int model;

    mv_domain_device_info_init(&def->info);
    if (mv_xml_prop_enum(node, "model", mv_domain_sound_model_from_string,
                         MV_XML_PROP_REQUIRED, &model) < 0)
        return NULL;
    def->model = model;

    if (model_has_codecs(def->model) && codecs_parse(node, def) < 0)
        return NULL;

    if ((audio = mv_xml_child(node, "audio")) &&
        mv_xml_prop_uint(audio, "id", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO,
                         &def->audio_id) < 0)
        return NULL;

    if (mv_domain_device_info_parse(node, 0, flags, &def->info) < 0)
        return NULL;
    return g_steal_pointer(&def);
}

int
mv_domain_sound_validate(const MvDomainSound *def, const MvDomainDef *dom)
{
    return mv_domain_audio_ensure_id(dom, def->audio_id);
}

void
mv_domain_sound_format(MvXmlBuf *buf, const MvDomainSound *def, unsigned int flags)
{
    mv_xml_buf_start(buf, "sound");
    mv_xml_buf_attr(buf, "model", mv_domain_sound_model_to_string(def->model));
    for (guint i = 0; def->codecs && i < def->codecs->len; i++) {
        mv_xml_buf_start(buf, "codec");
        mv_xml_buf_attr(buf, "type",
                        mv_domain_sound_codec_to_string(g_array_index(def->codecs,
                                                                      MvDomainSoundCodec, i)));
        mv_xml_buf_end(buf);
    }
    if (def->audio_id > 0) {
        mv_xml_buf_start(buf, "audio");
        mv_xml_buf_attr_uint(buf, "id", def->audio_id);
        mv_xml_buf_end(buf);
    }
    mv_domain_device_info_format(buf, &def->info, 0, flags);
    mv_xml_buf_end(buf);
}

/* The device table's signatures ----------------------------------------- */

void *
mv_domain_sound_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_sound_parse(node, flags);
}

void
mv_domain_sound_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_sound_format(buf, dev, flags);
}

void
mv_domain_sound_free_node(void *dev)
{
    mv_domain_sound_free(dev);
}

int
mv_domain_sound_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_sound_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_sound_info_node(const void *dev)
{
    const MvDomainSound *def = dev;

    return &def->info;
}
