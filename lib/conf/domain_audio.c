/* Domain <audio> backends: parse, validate (unique ids), format, and the id check of the devices that use them. */
#define MV_LOG_MODULE "conf.domain_audio"
#define MV_FROM_THIS VIR_FROM_DOMAIN

#include "domain_audio.h"

#include "domain_os.h"
#include "util/error.h"

MV_ENUM_IMPL(mv_domain_audio_type, MV_DOMAIN_AUDIO_LAST,
             "none", "alsa", "coreaudio", "jack", "oss", "pulseaudio", "sdl", "spice",
             "file", "dbus")
MV_ENUM_IMPL(mv_domain_audio_sdl_driver, MV_DOMAIN_AUDIO_SDL_DRIVER_LAST,
             "", "esd", "alsa", "arts", "pulseaudio")
MV_ENUM_IMPL(mv_domain_audio_format, MV_DOMAIN_AUDIO_FORMAT_LAST,
             "", "u8", "s8", "u16", "s16", "u32", "s32", "f32")

static void
audio_io_clear(MvDomainAudioIO *io)
{
    g_free(io->dev);
    g_free(io->server_name);
    g_free(io->client_name);
    g_free(io->connect_ports);
    g_free(io->name);
    g_free(io->stream_name);
}

void
mv_domain_audio_free(MvDomainAudio *def)
{
    if (!def)
        return;
    g_free(def->server_name);
    g_free(def->path);
    audio_io_clear(&def->input);
    audio_io_clear(&def->output);
    g_free(def);
}

/* Parsing ------------------------------------------------------------- */

static int
io_common_parse(const xmlNode *node, MvDomainAudioIO *io)
{
    xmlNode *settings = mv_xml_child(node, "settings");
    int format = 0;

    if (mv_xml_prop_tristate_bool(node, "mixingEngine", MV_XML_PROP_NONE, &io->mixing_engine) < 0 ||
        mv_xml_prop_tristate_bool(node, "fixedSettings", MV_XML_PROP_NONE, &io->fixed_settings) < 0)
        return -1;
    if (io->fixed_settings == MV_TRISTATE_YES && io->mixing_engine != MV_TRISTATE_YES) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "fixed audio settings requires mixing engine");
        return -1;
    }
    if (mv_xml_prop_uint(node, "voices", 10, MV_XML_PROP_NONZERO, &io->voices) < 0 ||
        mv_xml_prop_uint(node, "bufferLength", 10, MV_XML_PROP_NONZERO, &io->buffer_length) < 0)
        return -1;
    if (!settings)
        return 0;
    if (io->fixed_settings != MV_TRISTATE_YES) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED,
                        "audio settings specified without fixed settings flag");
        return -1;
    }
    if (mv_xml_prop_uint(settings, "frequency", 10, MV_XML_PROP_NONZERO, &io->frequency) < 0 ||
        mv_xml_prop_uint(settings, "channels", 10, MV_XML_PROP_NONZERO, &io->channels) < 0 ||
        mv_xml_prop_enum(settings, "format", mv_domain_audio_format_from_string,
                         MV_XML_PROP_NONZERO, &format) < 0)
        return -1;
    io->format = format;
    return 0;
}

static int
io_backend_parse(const xmlNode *node, MvDomainAudioType type, MvDomainAudioIO *io)
{
    switch (type) {
    case MV_DOMAIN_AUDIO_ALSA:
        io->dev = mv_xml_prop(node, "dev");
        return 0;
    case MV_DOMAIN_AUDIO_COREAUDIO:
    case MV_DOMAIN_AUDIO_SDL:
        return mv_xml_prop_uint(node, "bufferCount", 10, MV_XML_PROP_NONE, &io->buffer_count) < 0 ? -1 : 0;
    case MV_DOMAIN_AUDIO_JACK:
        io->server_name = mv_xml_prop(node, "serverName");
        io->client_name = mv_xml_prop(node, "clientName");
        io->connect_ports = mv_xml_prop(node, "connectPorts");
        return mv_xml_prop_tristate_bool(node, "exactName", MV_XML_PROP_NONE, &io->exact_name) < 0 ? -1 : 0;
    case MV_DOMAIN_AUDIO_OSS:
        io->dev = mv_xml_prop(node, "dev");
        if (mv_xml_prop_tristate_bool(node, "tryPoll", MV_XML_PROP_NONE, &io->try_poll) < 0 ||
            mv_xml_prop_uint(node, "bufferCount", 10, MV_XML_PROP_NONE, &io->buffer_count) < 0)
            return -1;
        return 0;
    case MV_DOMAIN_AUDIO_PULSEAUDIO:
        io->name = mv_xml_prop(node, "name");
        io->stream_name = mv_xml_prop(node, "streamName");
        return mv_xml_prop_uint(node, "latency", 10, MV_XML_PROP_NONE, &io->latency) < 0 ? -1 : 0;
    case MV_DOMAIN_AUDIO_NONE:
    case MV_DOMAIN_AUDIO_SPICE:
    case MV_DOMAIN_AUDIO_FILE:
    case MV_DOMAIN_AUDIO_DBUS:
    case MV_DOMAIN_AUDIO_LAST:
        break;
    }
    return 0;
}

static int
backend_parse(const xmlNode *node, MvDomainAudio *def)
{
    int rc;
    int driver = 0;

    switch (def->type) {
    case MV_DOMAIN_AUDIO_OSS:
        if (mv_xml_prop_tristate_bool(node, "tryMMap", MV_XML_PROP_NONE, &def->try_mmap) < 0 ||
            mv_xml_prop_tristate_bool(node, "exclusive", MV_XML_PROP_NONE, &def->exclusive) < 0)
            return -1;
        if ((rc = mv_domain_prop_int(node, "dspPolicy", false, false, &def->dsp_policy)) < 0)
            return -1;
        if (rc > 0 && def->dsp_policy < 0) {
            mv_report_error(VIR_ERR_XML_ERROR, "cannot parse 'dspPolicy' value '%i'",
                            def->dsp_policy);
            return -1;
        }
        def->has_dsp_policy = rc > 0;
        return 0;
    case MV_DOMAIN_AUDIO_PULSEAUDIO:
        def->server_name = mv_xml_prop(node, "serverName");
        return 0;
    case MV_DOMAIN_AUDIO_SDL:
        if (mv_xml_prop_enum(node, "driver", mv_domain_audio_sdl_driver_from_string,
                             MV_XML_PROP_NONZERO, &driver) < 0)
            return -1;
        def->sdl_driver = driver;
        return 0;
    case MV_DOMAIN_AUDIO_FILE:
        def->path = mv_xml_prop(node, "path");
        return 0;
    case MV_DOMAIN_AUDIO_NONE:
    case MV_DOMAIN_AUDIO_ALSA:
    case MV_DOMAIN_AUDIO_COREAUDIO:
    case MV_DOMAIN_AUDIO_JACK:
    case MV_DOMAIN_AUDIO_SPICE:
    case MV_DOMAIN_AUDIO_DBUS:
    case MV_DOMAIN_AUDIO_LAST:
        break;
    }
    return 0;
}

MvDomainAudio *
mv_domain_audio_parse(const xmlNode *node, unsigned int flags)
{
    g_autoptr(MvDomainAudio) def = g_new0(MvDomainAudio, 1);
    xmlNode *input;
    xmlNode *output;
    int type;

    if (mv_xml_prop_enum(node, "type", mv_domain_audio_type_from_string,
                         MV_XML_PROP_REQUIRED, &type) < 0)
        return NULL;
    def->type = type;
    if (mv_xml_prop_uint(node, "id", 10, MV_XML_PROP_REQUIRED | MV_XML_PROP_NONZERO, &def->id) < 0 ||
        mv_xml_prop_uint(node, "timerPeriod", 10, MV_XML_PROP_NONZERO, &def->timer_period) < 0)
        return NULL;

    input = mv_xml_child(node, "input");
    output = mv_xml_child(node, "output");
    if ((input && io_common_parse(input, &def->input) < 0) ||
        (output && io_common_parse(output, &def->output) < 0))
        return NULL;

    if (backend_parse(node, def) < 0 ||
        (input && io_backend_parse(input, def->type, &def->input) < 0) ||
        (output && io_backend_parse(output, def->type, &def->output) < 0))
        return NULL;
    return g_steal_pointer(&def);
}

/* Validation ---------------------------------------------------------- */

int
mv_domain_audio_ensure_id(const MvDomainDef *def, unsigned int id)
{
    if (id == 0)
        return 0;
    for (guint i = 0; i < def->audios->len; i++) {
        const MvDomainAudio *audio = g_ptr_array_index(def->audios, i);

        if (audio->id == id)
            return 0;
    }
    mv_report_error(VIR_ERR_XML_ERROR, "no audio device with ID %u", id);
    return -1;
}

int
mv_domain_audio_validate(const MvDomainAudio *def, const MvDomainDef *dom)
{
    for (guint i = 0; i < dom->audios->len; i++) {
        const MvDomainAudio *other = g_ptr_array_index(dom->audios, i);

        if (other != def && other->id == def->id) {
            mv_report_error(VIR_ERR_XML_ERROR, "audio ID %u is used multiple times", def->id);
            return -1;
        }
    }
    return 0;
}

/* Formatting ---------------------------------------------------------- */

static bool
io_backend_has_attrs(const MvDomainAudioIO *io, MvDomainAudioType type)
{
    switch (type) {
    case MV_DOMAIN_AUDIO_ALSA:
        return io->dev;
    case MV_DOMAIN_AUDIO_COREAUDIO:
    case MV_DOMAIN_AUDIO_SDL:
        return io->buffer_count;
    case MV_DOMAIN_AUDIO_JACK:
        return io->server_name || io->client_name || io->connect_ports || io->exact_name;
    case MV_DOMAIN_AUDIO_OSS:
        return io->dev || io->buffer_count || io->try_poll;
    case MV_DOMAIN_AUDIO_PULSEAUDIO:
        return io->name || io->stream_name || io->latency;
    default:
        return false;
    }
}

static void
io_backend_format(MvXmlBuf *buf, const MvDomainAudioIO *io, MvDomainAudioType type)
{
    switch (type) {
    case MV_DOMAIN_AUDIO_ALSA:
        mv_xml_buf_attr(buf, "dev", io->dev);
        break;
    case MV_DOMAIN_AUDIO_COREAUDIO:
    case MV_DOMAIN_AUDIO_SDL:
        if (io->buffer_count)
            mv_xml_buf_attr_uint(buf, "bufferCount", io->buffer_count);
        break;
    case MV_DOMAIN_AUDIO_JACK:
        mv_xml_buf_attr(buf, "serverName", io->server_name);
        mv_xml_buf_attr(buf, "clientName", io->client_name);
        mv_xml_buf_attr(buf, "connectPorts", io->connect_ports);
        mv_xml_buf_attr_tristate_bool(buf, "exactName", io->exact_name);
        break;
    case MV_DOMAIN_AUDIO_OSS:
        mv_xml_buf_attr(buf, "dev", io->dev);
        if (io->buffer_count)
            mv_xml_buf_attr_uint(buf, "bufferCount", io->buffer_count);
        mv_xml_buf_attr_tristate_bool(buf, "tryPoll", io->try_poll);
        break;
    case MV_DOMAIN_AUDIO_PULSEAUDIO:
        mv_xml_buf_attr(buf, "name", io->name);
        mv_xml_buf_attr(buf, "streamName", io->stream_name);
        if (io->latency)
            mv_xml_buf_attr_uint(buf, "latency", io->latency);
        break;
    default:
        break;
    }
}

static void
io_format(MvXmlBuf *buf, const MvDomainAudioIO *io, MvDomainAudioType type, const char *name)
{
    if (!io->mixing_engine && !io->fixed_settings && !io->voices && !io->buffer_length &&
        !io_backend_has_attrs(io, type))
        return;

    mv_xml_buf_start(buf, name);
    mv_xml_buf_attr_tristate_bool(buf, "mixingEngine", io->mixing_engine);
    mv_xml_buf_attr_tristate_bool(buf, "fixedSettings", io->fixed_settings);
    if (io->voices)
        mv_xml_buf_attr_uint(buf, "voices", io->voices);
    if (io->buffer_length)
        mv_xml_buf_attr_uint(buf, "bufferLength", io->buffer_length);
    io_backend_format(buf, io, type);
    if (io->fixed_settings == MV_TRISTATE_YES) {
        mv_xml_buf_start(buf, "settings");
        if (io->frequency)
            mv_xml_buf_attr_uint(buf, "frequency", io->frequency);
        if (io->channels)
            mv_xml_buf_attr_uint(buf, "channels", io->channels);
        if (io->format)
            mv_xml_buf_attr(buf, "format", mv_domain_audio_format_to_string(io->format));
        mv_xml_buf_end(buf);
    }
    mv_xml_buf_end(buf);
}

void
mv_domain_audio_format(MvXmlBuf *buf, const MvDomainAudio *def, unsigned int flags)
{
    mv_xml_buf_start(buf, "audio");
    mv_xml_buf_attr_uint(buf, "id", def->id);
    mv_xml_buf_attr(buf, "type", mv_domain_audio_type_to_string(def->type));
    if (def->timer_period)
        mv_xml_buf_attr_uint(buf, "timerPeriod", def->timer_period);

    switch (def->type) {
    case MV_DOMAIN_AUDIO_OSS:
        mv_xml_buf_attr_tristate_bool(buf, "tryMMap", def->try_mmap);
        mv_xml_buf_attr_tristate_bool(buf, "exclusive", def->exclusive);
        if (def->has_dsp_policy)
            mv_xml_buf_attr_printf(buf, "dspPolicy", "%d", def->dsp_policy);
        break;
    case MV_DOMAIN_AUDIO_PULSEAUDIO:
        mv_xml_buf_attr(buf, "serverName", def->server_name);
        break;
    case MV_DOMAIN_AUDIO_SDL:
        if (def->sdl_driver)
            mv_xml_buf_attr(buf, "driver", mv_domain_audio_sdl_driver_to_string(def->sdl_driver));
        break;
    case MV_DOMAIN_AUDIO_FILE:
        mv_xml_buf_attr(buf, "path", def->path);
        break;
    default:
        break;
    }

    io_format(buf, &def->input, def->type, "input");
    io_format(buf, &def->output, def->type, "output");
    mv_xml_buf_end(buf);
}

/* The device table's signatures ----------------------------------------- */

void *
mv_domain_audio_parse_node(const xmlNode *node, unsigned int flags)
{
    return mv_domain_audio_parse(node, flags);
}

void
mv_domain_audio_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags)
{
    mv_domain_audio_format(buf, dev, flags);
}

void
mv_domain_audio_free_node(void *dev)
{
    mv_domain_audio_free(dev);
}

int
mv_domain_audio_validate_node(const void *dev, const MvDomainDef *def)
{
    return mv_domain_audio_validate(dev, def);
}

const MvDomainDeviceInfo *
mv_domain_audio_info_node(const void *dev)
{
    return NULL;
}
