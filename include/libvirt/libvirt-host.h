/* Public API: connections, the host (node info, capabilities), authentication, close callbacks. */
#ifndef LIBVIRT_HOST_H
#define LIBVIRT_HOST_H

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "include <libvirt/libvirt.h> instead"
#endif

typedef struct _virConnect virConnect;
typedef virConnect *virConnectPtr;

typedef struct _virStream virStream;
typedef virStream *virStreamPtr;

#define VIR_SECURITY_LABEL_BUFLEN (4096 + 1)
#define VIR_SECURITY_MODEL_BUFLEN (256 + 1)
#define VIR_SECURITY_DOI_BUFLEN (256 + 1)

typedef struct _virSecurityLabel virSecurityLabel;
struct _virSecurityLabel {
    char label[VIR_SECURITY_LABEL_BUFLEN];
    int enforcing;
};
typedef virSecurityLabel *virSecurityLabelPtr;

typedef struct _virSecurityModel virSecurityModel;
struct _virSecurityModel {
    char model[VIR_SECURITY_MODEL_BUFLEN];
    char doi[VIR_SECURITY_DOI_BUFLEN];
};
typedef virSecurityModel *virSecurityModelPtr;

/* The layout is ABI: memory is in KiB, mhz the nominal speed. */
typedef struct _virNodeInfo virNodeInfo;
struct _virNodeInfo {
    char model[32];
    unsigned long memory;
    unsigned int cpus;
    unsigned int mhz;
    unsigned int nodes;
    unsigned int sockets;
    unsigned int cores;
    unsigned int threads;
};
typedef virNodeInfo *virNodeInfoPtr;

#define VIR_NODE_CPU_STATS_FIELD_LENGTH 80
#define VIR_NODE_MEMORY_STATS_FIELD_LENGTH 80

typedef struct _virNodeCPUStats virNodeCPUStats;
struct _virNodeCPUStats {
    char field[VIR_NODE_CPU_STATS_FIELD_LENGTH];
    unsigned long long value;
};
typedef virNodeCPUStats *virNodeCPUStatsPtr;

typedef struct _virNodeMemoryStats virNodeMemoryStats;
struct _virNodeMemoryStats {
    char field[VIR_NODE_MEMORY_STATS_FIELD_LENGTH];
    unsigned long long value;
};
typedef virNodeMemoryStats *virNodeMemoryStatsPtr;

/* Physical CPUs the host has: nodes * sockets * cores * threads. */
#define VIR_NODEINFO_MAXCPUS(nodeinfo) \
    ((nodeinfo).nodes * (nodeinfo).sockets * (nodeinfo).cores * (nodeinfo).threads)

typedef enum {
    VIR_NODE_SUSPEND_TARGET_MEM = 0,
    VIR_NODE_SUSPEND_TARGET_DISK = 1,
    VIR_NODE_SUSPEND_TARGET_HYBRID = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_NODE_SUSPEND_TARGET_LAST
#endif
} virNodeSuspendTarget;

typedef enum {
    VIR_NODE_CPU_STATS_ALL_CPUS = -1,
} virNodeGetCPUStatsAllCPUs;

typedef enum {
    VIR_NODE_MEMORY_STATS_ALL_CELLS = -1,
} virNodeGetMemoryStatsAllCells;

typedef enum {
    VIR_CONNECT_RO = (1 << 0),
    VIR_CONNECT_NO_ALIASES = (1 << 1),
} virConnectFlags;

typedef enum {
    VIR_CRED_USERNAME = 1,
    VIR_CRED_AUTHNAME = 2,
    VIR_CRED_LANGUAGE = 3,
    VIR_CRED_CNONCE = 4,
    VIR_CRED_PASSPHRASE = 5,
    VIR_CRED_ECHOPROMPT = 6,
    VIR_CRED_NOECHOPROMPT = 7,
    VIR_CRED_REALM = 8,
    VIR_CRED_EXTERNAL = 9,
#ifdef VIR_ENUM_SENTINELS
    VIR_CRED_LAST
#endif
} virConnectCredentialType;

typedef enum {
    VIR_CPU_COMPARE_ERROR = -1,
    VIR_CPU_COMPARE_INCOMPATIBLE = 0,
    VIR_CPU_COMPARE_IDENTICAL = 1,
    VIR_CPU_COMPARE_SUPERSET = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_CPU_COMPARE_LAST
#endif
} virCPUCompareResult;

typedef enum {
    VIR_CONNECT_COMPARE_CPU_FAIL_INCOMPATIBLE = (1 << 0),
    VIR_CONNECT_COMPARE_CPU_VALIDATE_XML = (1 << 1),
} virConnectCompareCPUFlags;

typedef enum {
    VIR_CONNECT_BASELINE_CPU_EXPAND_FEATURES = (1 << 0),
    VIR_CONNECT_BASELINE_CPU_MIGRATABLE = (1 << 1),
} virConnectBaselineCPUFlags;

typedef enum {
    VIR_NODE_ALLOC_PAGES_ADD = 0,
    VIR_NODE_ALLOC_PAGES_SET = (1 << 0),
} virNodeAllocPagesFlags;

/* An authentication question and the application's answer (result, resultlen). */
struct _virConnectCredential {
    int type;               /* a virConnectCredentialType */
    const char *prompt;
    const char *challenge;
    const char *defresult;
    char *result;           /* set by the callback, freed by the library */
    unsigned int resultlen;
};
typedef struct _virConnectCredential virConnectCredential;
typedef virConnectCredential *virConnectCredentialPtr;

typedef int (*virConnectAuthCallbackPtr)(virConnectCredentialPtr cred, unsigned int ncred,
                                         void *cbdata);

struct _virConnectAuth {
    int *credtype;          /* the virConnectCredentialType values cb can answer */
    unsigned int ncredtype;
    virConnectAuthCallbackPtr cb;
    void *cbdata;
};
typedef struct _virConnectAuth virConnectAuth;
typedef virConnectAuth *virConnectAuthPtr;

/* Answers questions on the terminal. */
VIR_EXPORT_VAR virConnectAuthPtr virConnectAuthPtrDefault;

#define VIR_UUID_BUFLEN (16)
#define VIR_UUID_STRING_BUFLEN (36 + 1)

int virGetVersion(unsigned long *libVer, const char *type, unsigned long *typeVer);
int virInitialize(void);

virConnectPtr virConnectOpen(const char *name);
virConnectPtr virConnectOpenReadOnly(const char *name);
virConnectPtr virConnectOpenAuth(const char *name, virConnectAuthPtr auth,
                                 unsigned int flags);
int virConnectRef(virConnectPtr conn);
int virConnectClose(virConnectPtr conn);

const char *virConnectGetType(virConnectPtr conn);
int virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer);
int virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer);
char *virConnectGetHostname(virConnectPtr conn);
char *virConnectGetURI(virConnectPtr conn);
char *virConnectGetCapabilities(virConnectPtr conn);
int virConnectGetMaxVcpus(virConnectPtr conn, const char *type);

int virNodeGetInfo(virConnectPtr conn, virNodeInfoPtr info);
unsigned long long virNodeGetFreeMemory(virConnectPtr conn);

int virConnectIsEncrypted(virConnectPtr conn);
int virConnectIsSecure(virConnectPtr conn);
int virConnectIsAlive(virConnectPtr conn);
int virConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count);

typedef void (*virConnectCloseFunc)(virConnectPtr conn, int reason, void *opaque);

int virConnectRegisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb,
                                    void *opaque, virFreeCallback freecb);
int virConnectUnregisterCloseCallback(virConnectPtr conn, virConnectCloseFunc cb);

#endif /* LIBVIRT_HOST_H */
