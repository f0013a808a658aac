/* Storage sources of domain disks: <source> of every disk type, auth, encryption, reservations, seclabels and the <backingStore> chain. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "conf/xml.h"
#include "util/enum.h"
#include "util/pciaddr.h"
#include "util/uuid.h"

typedef enum {
    MV_STORAGE_TYPE_NONE = 0,       /* a <backingStore/> terminator */
    MV_STORAGE_TYPE_FILE,
    MV_STORAGE_TYPE_BLOCK,
    MV_STORAGE_TYPE_DIR,
    MV_STORAGE_TYPE_NETWORK,
    MV_STORAGE_TYPE_VOLUME,
    MV_STORAGE_TYPE_NVME,
    MV_STORAGE_TYPE_VHOST_USER,
    MV_STORAGE_TYPE_LAST,
} MvStorageType;
MV_ENUM_DECL(mv_storage_type);          /* "none", "file", ..., "vhostuser" */

typedef enum {
    MV_STORAGE_FORMAT_NONE = 0,
    MV_STORAGE_FORMAT_RAW,
    MV_STORAGE_FORMAT_DIR,
    MV_STORAGE_FORMAT_BOCHS,
    MV_STORAGE_FORMAT_CLOOP,
    MV_STORAGE_FORMAT_DMG,
    MV_STORAGE_FORMAT_ISO,
    MV_STORAGE_FORMAT_VPC,
    MV_STORAGE_FORMAT_VDI,
    MV_STORAGE_FORMAT_FAT,
    MV_STORAGE_FORMAT_VHD,
    MV_STORAGE_FORMAT_PLOOP,
    MV_STORAGE_FORMAT_COW,
    MV_STORAGE_FORMAT_QCOW,
    MV_STORAGE_FORMAT_QCOW2,
    MV_STORAGE_FORMAT_QED,
    MV_STORAGE_FORMAT_VMDK,
    MV_STORAGE_FORMAT_LAST,
} MvStorageFormat;
MV_ENUM_DECL(mv_storage_format);

typedef enum {
    MV_STORAGE_PROTOCOL_NONE = 0,
    MV_STORAGE_PROTOCOL_NBD,
    MV_STORAGE_PROTOCOL_RBD,
    MV_STORAGE_PROTOCOL_SHEEPDOG,
    MV_STORAGE_PROTOCOL_GLUSTER,
    MV_STORAGE_PROTOCOL_ISCSI,
    MV_STORAGE_PROTOCOL_HTTP,
    MV_STORAGE_PROTOCOL_HTTPS,
    MV_STORAGE_PROTOCOL_FTP,
    MV_STORAGE_PROTOCOL_FTPS,
    MV_STORAGE_PROTOCOL_TFTP,
    MV_STORAGE_PROTOCOL_SSH,
    MV_STORAGE_PROTOCOL_VXHS,
    MV_STORAGE_PROTOCOL_NFS,
    MV_STORAGE_PROTOCOL_LAST,
} MvStorageProtocol;
MV_ENUM_DECL(mv_storage_protocol);

typedef enum {
    MV_STORAGE_TRANSPORT_TCP = 0,
    MV_STORAGE_TRANSPORT_UNIX,
    MV_STORAGE_TRANSPORT_RDMA,
    MV_STORAGE_TRANSPORT_LAST,
} MvStorageTransport;
MV_ENUM_DECL(mv_storage_transport);

typedef enum {
    MV_STORAGE_POOL_MODE_DEFAULT = 0,
    MV_STORAGE_POOL_MODE_HOST,
    MV_STORAGE_POOL_MODE_DIRECT,
    MV_STORAGE_POOL_MODE_LAST,
} MvStoragePoolMode;
MV_ENUM_DECL(mv_storage_pool_mode);

/* <secret type= uuid=|usage=/>, shared by <auth> and <encryption>. */
typedef struct {
    char *type;                 /* as written; NULL when absent */
    bool has_uuid;
    unsigned char uuid[MV_UUID_BUFLEN];
    char *usage;
} MvSecretRef;

typedef struct {
    int auth_type;              /* 0: none, 1: chap, 2: ceph (<auth type=>) */
    char *username;
    MvSecretRef secret;
} MvStorageAuth;

typedef struct {
    int format;                 /* "default", "qcow", "luks", "luks2" */
    int engine;                 /* "default", "qemu", "librbd" */
    GPtrArray *secrets;         /* MvSecretRef, type "passphrase" */
    char *cipher_name;          /* luks only */
    unsigned int cipher_size;
    char *cipher_mode;
    char *cipher_hash;
    char *ivgen_name;
    char *ivgen_hash;
} MvStorageEncryption;

/* A <seclabel> override inside <source>. */
typedef struct {
    char *model;
    bool relabel;
    bool labelskip;
    char *label;
} MvDeviceSeclabel;

typedef struct {
    char *name;
    unsigned int port;          /* 0: none */
    MvStorageTransport transport;
    char *socket;
} MvStorageHost;

typedef struct _MvStorageSource MvStorageSource;

struct _MvStorageSource {
    MvStorageType type;
    MvStorageFormat format;         /* <driver type=> or <format type=> */
    char *path;                     /* file=, dev=, dir=; network: the image name */
    char *fdgroup;

    MvStorageProtocol protocol;     /* network */
    char *net_volume;               /* rbd/gluster: the pool part of name= */
    char *query;
    MvTristate tls;
    char *tls_hostname;
    MvStorageHost *hosts;
    size_t nhosts;
    char *nfs_user;
    char *nfs_group;
    char *snapshot;                 /* <snapshot name=> */
    char *config_file;              /* <config file=> */
    char *initiator_iqn;
    MvTristate ssl_verify;
    uint64_t readahead;
    uint64_t timeout;

    char *pool;                     /* volume */
    char *volume;
    MvStoragePoolMode pool_mode;

    uint64_t nvme_namespace;        /* nvme */
    MvTristate nvme_managed;
    MvPciAddr nvme_addr;

    MvTristate reconnect_enabled;   /* vhostuser */
    unsigned int reconnect_timeout;

    bool has_slice;
    uint64_t slice_offset;
    uint64_t slice_size;

    GPtrArray *seclabels;           /* MvDeviceSeclabel */
    MvStorageAuth *auth;
    MvStorageEncryption *encryption;
    bool has_reservations;
    MvTristate pr_managed;
    char *pr_path;

    unsigned int index;             /* index=, live definitions only */
    uint64_t metadata_cache_max;    /* bytes, 0: none */
    bool readonly;
    bool shared;

    MvStorageSource *backing;       /* NULL, or type NONE for <backingStore/> */
};

MvStorageSource *mv_storage_source_new(void);
void mv_storage_source_free(MvStorageSource *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MvStorageSource, mv_storage_source_free)

/* True when the source names no media (an empty cdrom). */
bool mv_storage_source_is_empty(const MvStorageSource *src);

/* The path or name libvirt names the source by in messages, or NULL. */
const char *mv_storage_source_display(const MvStorageSource *src);

/* Reads the children and attributes of a <source> element into src,
 * whose type is already set. flags are MvDomainXmlFlags. */
int mv_storage_source_parse(const xmlNode *source, unsigned int flags, MvStorageSource *src);

/* <auth>, <encryption>: also found directly under <disk>. */
MvStorageAuth *mv_storage_auth_parse(const xmlNode *node);
void mv_storage_auth_format(MvXmlBuf *buf, const MvStorageAuth *auth);
void mv_storage_auth_free(MvStorageAuth *auth);
MvStorageEncryption *mv_storage_encryption_parse(const xmlNode *node);
void mv_storage_encryption_format(MvXmlBuf *buf, const MvStorageEncryption *enc);
void mv_storage_encryption_free(MvStorageEncryption *enc);

/* <metadata_cache><max_size unit=>N</max_size></metadata_cache> below
 * parent (a <driver> or <format>). */
int mv_storage_metadata_cache_parse(const xmlNode *parent, uint64_t *ret_bytes);
void mv_storage_metadata_cache_format(MvXmlBuf *buf, uint64_t bytes);

/* The <backingStore> child of parent, recursively, into src->backing. */
int mv_storage_backing_parse(const xmlNode *parent, unsigned int flags, MvStorageSource *src);

typedef struct {
    const char *element;        /* "source" */
    int startup_policy;         /* 0 or an MvDiskStartupPolicy */
    const char *startup_policy_name;
    bool with_index;            /* write index= */
    bool skip_auth;             /* written under <disk> instead */
    bool skip_encryption;
} MvStorageSourceFormatOpts;

/* The <source> element (nothing when it would be empty). flags are
 * MvDomainXmlFlags. */
void mv_storage_source_format(MvXmlBuf *buf, const MvStorageSource *src,
                              const MvStorageSourceFormatOpts *opts, unsigned int flags);
void mv_storage_backing_format(MvXmlBuf *buf, const MvStorageSource *src, unsigned int flags);

/* Closes the innermost element, and takes it out again when it got no
 * attribute and no child: libvirt writes no empty <driver/> or <source/>.
 * mark is buf->str->len before the element's start. */
void mv_storage_xml_end_or_drop(MvXmlBuf *buf, gsize mark);
