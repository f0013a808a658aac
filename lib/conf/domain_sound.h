/* Domain <sound> devices: model, codecs, the <audio> backend they use; parse / validate / format. */
#pragma once

#include <glib.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_DOMAIN_SOUND_SB16 = 0,
    MV_DOMAIN_SOUND_ES1370,
    MV_DOMAIN_SOUND_PCSPK,
    MV_DOMAIN_SOUND_AC97,
    MV_DOMAIN_SOUND_ICH6,
    MV_DOMAIN_SOUND_ICH9,
    MV_DOMAIN_SOUND_USB,
    MV_DOMAIN_SOUND_ICH7,
    MV_DOMAIN_SOUND_LAST,
} MvDomainSoundModel;
MV_ENUM_DECL(mv_domain_sound_model);

typedef enum {
    MV_DOMAIN_SOUND_CODEC_DUPLEX = 0,
    MV_DOMAIN_SOUND_CODEC_MICRO,
    MV_DOMAIN_SOUND_CODEC_OUTPUT,
    MV_DOMAIN_SOUND_CODEC_LAST,
} MvDomainSoundCodec;
MV_ENUM_DECL(mv_domain_sound_codec);

struct _MvDomainSound {
    MvDomainSoundModel model;
    GArray *codecs;                 /* MvDomainSoundCodec; ich6 and ich9 only */
    unsigned int audio_id;          /* <audio id=>, 0 when absent */
    MvDomainDeviceInfo info;
};

void mv_domain_sound_free(MvDomainSound *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainSound, mv_domain_sound_free)

MvDomainSound *mv_domain_sound_parse(const xmlNode *node, unsigned int flags);
int mv_domain_sound_validate(const MvDomainSound *def, const MvDomainDef *dom);
void mv_domain_sound_format(MvXmlBuf *buf, const MvDomainSound *def, unsigned int flags);

/* The generic signatures of the domain device table. */
void *mv_domain_sound_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_sound_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_sound_free_node(void *dev);
int mv_domain_sound_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_sound_info_node(const void *dev);
