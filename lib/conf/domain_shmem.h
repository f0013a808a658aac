/* Domain <shmem> device: an ivshmem shared memory region, optionally with a server socket. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "conf/domain.h"
#include "conf/domain_device.h"
#include "conf/xml.h"
#include "util/enum.h"

typedef enum {
    MV_SHMEM_MODEL_IVSHMEM = 0,     /* the default when <model> is absent */
    MV_SHMEM_MODEL_IVSHMEM_PLAIN,
    MV_SHMEM_MODEL_IVSHMEM_DOORBELL,
    MV_SHMEM_MODEL_LAST,
} MvShmemModel;
MV_ENUM_DECL(mv_shmem_model);

typedef enum {
    MV_SHMEM_ROLE_DEFAULT = 0,
    MV_SHMEM_ROLE_MASTER,
    MV_SHMEM_ROLE_PEER,
    MV_SHMEM_ROLE_LAST,
} MvShmemRole;
MV_ENUM_DECL(mv_shmem_role);

struct _MvDomainShmem {
    char *name;
    MvShmemModel model;
    MvShmemRole role;                /* never set for model 'ivshmem' */
    unsigned long long size;         /* bytes, 0: not given */
    bool server;                     /* <server> present */
    char *server_path;               /* sanitized, or NULL */
    bool msi;                        /* <msi> present */
    unsigned int msi_vectors;        /* 0: not given */
    MvTristate msi_ioeventfd;        /* on/off */
    MvDomainDeviceInfo info;
};

void mv_domain_shmem_free(MvDomainShmem *def);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvDomainShmem, mv_domain_shmem_free)

/* The generic signatures of the domain device table. */
void *mv_domain_shmem_parse_node(const xmlNode *node, unsigned int flags);
void mv_domain_shmem_format_node(MvXmlBuf *buf, const void *dev, unsigned int flags);
void mv_domain_shmem_free_node(void *dev);
int mv_domain_shmem_validate_node(const void *dev, const MvDomainDef *def);
const MvDomainDeviceInfo *mv_domain_shmem_info_node(const void *dev);
