/* Domain <audio> backends (none, alsa, coreaudio, jack, oss, pulseaudio, sdl, spice, file, dbus) with their <input>/<output> settings; parse / validate / format. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_AUDIO_NONE = 0,
    MV_DOMAIN_AUDIO_ALSA,
    MV_DOMAIN_AUDIO_COREAUDIO,
    MV_DOMAIN_AUDIO_JACK,
    MV_DOMAIN_AUDIO_OSS,
    MV_DOMAIN_AUDIO_PULSEAUDIO,
    MV_DOMAIN_AUDIO_SDL,
    MV_DOMAIN_AUDIO_SPICE,
    MV_DOMAIN_AUDIO_FILE,
    MV_DOMAIN_AUDIO_DBUS,
    MV_DOMAIN_AUDIO_LAST,
} MvDomainAudioType;
MV_ENUM_DECL(mv_domain_audio_type);

/* <audio type='sdl' driver=>; index 0 is never written. */
typedef enum {
    MV_DOMAIN_AUDIO_SDL_DRIVER_DEFAULT = 0,
    MV_DOMAIN_AUDIO_SDL_DRIVER_ESD,
    MV_DOMAIN_AUDIO_SDL_DRIVER_ALSA,
    MV_DOMAIN_AUDIO_SDL_DRIVER_ARTS,
    MV_DOMAIN_AUDIO_SDL_DRIVER_PULSEAUDIO,
    MV_DOMAIN_AUDIO_SDL_DRIVER_LAST,
} MvDomainAudioSdlDriver;
MV_ENUM_DECL(mv_domain_audio_sdl_driver);

/* <settings format=>; index 0 is never written. */
typedef enum {
    MV_DOMAIN_AUDIO_FORMAT_DEFAULT = 0,
    MV_DOMAIN_AUDIO_FORMAT_U8,
    MV_DOMAIN_AUDIO_FORMAT_S8,
    MV_DOMAIN_AUDIO_FORMAT_U16,
    MV_DOMAIN_AUDIO_FORMAT_S16,
    MV_DOMAIN_AUDIO_FORMAT_U32,
    MV_DOMAIN_AUDIO_FORMAT_S32,
    MV_DOMAIN_AUDIO_FORMAT_F32,
    MV_DOMAIN_AUDIO_FORMAT_LAST,
} MvDomainAudioFormat;
MV_ENUM_DECL(mv_domain_audio_format);

/* One direction (<input> or <output>): the settings every backend has,
 * then the backend's own (only those of the audio's type are read). */
typedef struct {
    MvTristate mixing_engine;
    MvTristate fixed_settings;
    unsigned int voices;            /* 0: not given */
    unsigned int buffer_length;
    unsigned int frequency;         /* <settings>, with fixedSettings='yes' */
    unsigned int channels;
    MvDomainAudioFormat format;

    char *dev;                      /* alsa, oss */
    unsigned int buffer_count;      /* coreaudio, oss, sdl */
    MvTristate try_poll;            /* oss */
    char *server_name;              /* jack */
    char *client_name;
    char *connect_ports;
    MvTristate exact_name;
    char *name;                     /* pulseaudio */
    char *stream_name;
    unsigned int latency;
} MvDomainAudioIO;

struct _MvDomainAudio {
    unsigned int id;
    MvDomainAudioType type;
    unsigned int timer_period;      /* 0: not given */
    MvTristate try_mmap;            /* oss */
    MvTristate exclusive;
    bool has_dsp_policy;
    int dsp_policy;
    char *server_name;              /* pulseaudio */
    MvDomainAudioSdlDriver sdl_driver;
    char *path;                     /* file */
    MvDomainAudioIO input;
    MvDomainAudioIO output;
};

void mv_domain_audio_free(MvDomainAudio *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainAudio, mv_domain_audio_free)

MvDomainAudio *mv_domain_audio_parse(const xmlNode *node, unsigned int flags);
int mv_domain_audio_validate(const MvDomainAudio *def, const MvDomainDef *dom);
void mv_domain_audio_format(MvXmlBuf *buf, const MvDomainAudio *def, unsigned int flags);

/* For devices naming a backend (<sound>, vnc and dbus <graphics>): 0 when
 * id is 0 or an <audio> has it, else VIR_ERR_XML_ERROR "no audio device
 * with ID N". */
int mv_domain_audio_ensure_id(const MvDomainDef *def, unsigned int id);

/* The generic signatures of the domain device table. */
void *mv_domain_audio_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_audio_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_audio_free_node(void *dev);
int mv_domain_audio_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_audio_info_node(const void *dev);
