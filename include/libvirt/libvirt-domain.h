/* Public API: domains (guests and containers), their states, flags, lifecycle and events. */
#ifndef LIBVIRT_DOMAIN_H
#define LIBVIRT_DOMAIN_H

#if !defined __VIR_LIBVIRT_H_INCLUDES__
# error "include <libvirt/libvirt.h> instead"
#endif

typedef struct _virDomain virDomain;
typedef virDomain *virDomainPtr;

typedef enum {
    VIR_DOMAIN_NOSTATE = 0,
    VIR_DOMAIN_RUNNING = 1,
    VIR_DOMAIN_BLOCKED = 2,
    VIR_DOMAIN_PAUSED = 3,
    VIR_DOMAIN_SHUTDOWN = 4,
    VIR_DOMAIN_SHUTOFF = 5,
    VIR_DOMAIN_CRASHED = 6,
    VIR_DOMAIN_PMSUSPENDED = 7,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_LAST
#endif
} virDomainState;

typedef enum {
    VIR_DOMAIN_NOSTATE_UNKNOWN = 0,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_NOSTATE_LAST
#endif
} virDomainNostateReason;

typedef enum {
    VIR_DOMAIN_RUNNING_UNKNOWN = 0,
    VIR_DOMAIN_RUNNING_BOOTED = 1,
    VIR_DOMAIN_RUNNING_MIGRATED = 2,
    VIR_DOMAIN_RUNNING_RESTORED = 3,
    VIR_DOMAIN_RUNNING_FROM_SNAPSHOT = 4,
    VIR_DOMAIN_RUNNING_UNPAUSED = 5,
    VIR_DOMAIN_RUNNING_MIGRATION_CANCELED = 6,
    VIR_DOMAIN_RUNNING_SAVE_CANCELED = 7,
    VIR_DOMAIN_RUNNING_WAKEUP = 8,
    VIR_DOMAIN_RUNNING_CRASHED = 9,
    VIR_DOMAIN_RUNNING_POSTCOPY = 10,
    VIR_DOMAIN_RUNNING_POSTCOPY_FAILED = 11,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_RUNNING_LAST
#endif
} virDomainRunningReason;

typedef enum {
    VIR_DOMAIN_BLOCKED_UNKNOWN = 0,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_BLOCKED_LAST
#endif
} virDomainBlockedReason;

typedef enum {
    VIR_DOMAIN_PAUSED_UNKNOWN = 0,
    VIR_DOMAIN_PAUSED_USER = 1,
    VIR_DOMAIN_PAUSED_MIGRATION = 2,
    VIR_DOMAIN_PAUSED_SAVE = 3,
    VIR_DOMAIN_PAUSED_DUMP = 4,
    VIR_DOMAIN_PAUSED_IOERROR = 5,
    VIR_DOMAIN_PAUSED_WATCHDOG = 6,
    VIR_DOMAIN_PAUSED_FROM_SNAPSHOT = 7,
    VIR_DOMAIN_PAUSED_SHUTTING_DOWN = 8,
    VIR_DOMAIN_PAUSED_SNAPSHOT = 9,
    VIR_DOMAIN_PAUSED_CRASHED = 10,
    VIR_DOMAIN_PAUSED_STARTING_UP = 11,
    VIR_DOMAIN_PAUSED_POSTCOPY = 12,
    VIR_DOMAIN_PAUSED_POSTCOPY_FAILED = 13,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_PAUSED_LAST
#endif
} virDomainPausedReason;

typedef enum {
    VIR_DOMAIN_SHUTDOWN_UNKNOWN = 0,
    VIR_DOMAIN_SHUTDOWN_USER = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_SHUTDOWN_LAST
#endif
} virDomainShutdownReason;

typedef enum {
    VIR_DOMAIN_SHUTOFF_UNKNOWN = 0,
    VIR_DOMAIN_SHUTOFF_SHUTDOWN = 1,
    VIR_DOMAIN_SHUTOFF_DESTROYED = 2,
    VIR_DOMAIN_SHUTOFF_CRASHED = 3,
    VIR_DOMAIN_SHUTOFF_MIGRATED = 4,
    VIR_DOMAIN_SHUTOFF_SAVED = 5,
    VIR_DOMAIN_SHUTOFF_FAILED = 6,
    VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT = 7,
    VIR_DOMAIN_SHUTOFF_DAEMON = 8,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_SHUTOFF_LAST
#endif
} virDomainShutoffReason;

typedef enum {
    VIR_DOMAIN_CRASHED_UNKNOWN = 0,
    VIR_DOMAIN_CRASHED_PANICKED = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_CRASHED_LAST
#endif
} virDomainCrashedReason;

typedef enum {
    VIR_DOMAIN_PMSUSPENDED_UNKNOWN = 0,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_PMSUSPENDED_LAST
#endif
} virDomainPMSuspendedReason;

typedef enum {
    VIR_DOMAIN_PMSUSPENDED_DISK_UNKNOWN = 0,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_PMSUSPENDED_DISK_LAST
#endif
} virDomainPMSuspendedDiskReason;

typedef enum {
    VIR_DOMAIN_CONTROL_OK = 0,
    VIR_DOMAIN_CONTROL_JOB = 1,
    VIR_DOMAIN_CONTROL_OCCUPIED = 2,
    VIR_DOMAIN_CONTROL_ERROR = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_CONTROL_LAST
#endif
} virDomainControlState;

typedef enum {
    VIR_DOMAIN_CONTROL_ERROR_REASON_NONE = 0,
    VIR_DOMAIN_CONTROL_ERROR_REASON_UNKNOWN = 1,
    VIR_DOMAIN_CONTROL_ERROR_REASON_MONITOR = 2,
    VIR_DOMAIN_CONTROL_ERROR_REASON_INTERNAL = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_CONTROL_ERROR_REASON_LAST
#endif
} virDomainControlErrorReason;

typedef enum {
    VIR_DOMAIN_AFFECT_CURRENT = 0,
    VIR_DOMAIN_AFFECT_LIVE = 1 << 0,
    VIR_DOMAIN_AFFECT_CONFIG = 1 << 1,
} virDomainModificationImpact;

typedef enum {
    VIR_DOMAIN_NONE = 0,
    VIR_DOMAIN_START_PAUSED = 1 << 0,
    VIR_DOMAIN_START_AUTODESTROY = 1 << 1,
    VIR_DOMAIN_START_BYPASS_CACHE = 1 << 2,
    VIR_DOMAIN_START_FORCE_BOOT = 1 << 3,
    VIR_DOMAIN_START_VALIDATE = 1 << 4,
    VIR_DOMAIN_START_RESET_NVRAM = 1 << 5,
} virDomainCreateFlags;

typedef enum {
    VIR_DOMAIN_MEMORY_STAT_SWAP_IN = 0,
    VIR_DOMAIN_MEMORY_STAT_SWAP_OUT = 1,
    VIR_DOMAIN_MEMORY_STAT_MAJOR_FAULT = 2,
    VIR_DOMAIN_MEMORY_STAT_MINOR_FAULT = 3,
    VIR_DOMAIN_MEMORY_STAT_UNUSED = 4,
    VIR_DOMAIN_MEMORY_STAT_AVAILABLE = 5,
    VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON = 6,
    VIR_DOMAIN_MEMORY_STAT_RSS = 7,
    VIR_DOMAIN_MEMORY_STAT_USABLE = 8,
    VIR_DOMAIN_MEMORY_STAT_LAST_UPDATE = 9,
    VIR_DOMAIN_MEMORY_STAT_DISK_CACHES = 10,
    VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGALLOC = 11,
    VIR_DOMAIN_MEMORY_STAT_HUGETLB_PGFAIL = 12,
    VIR_DOMAIN_MEMORY_STAT_NR = 13,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_MEMORY_STAT_LAST = VIR_DOMAIN_MEMORY_STAT_NR,
#endif
} virDomainMemoryStatTags;

typedef enum {
    VIR_DUMP_CRASH = (1 << 0),
    VIR_DUMP_LIVE = (1 << 1),
    VIR_DUMP_BYPASS_CACHE = (1 << 2),
    VIR_DUMP_RESET = (1 << 3),
    VIR_DUMP_MEMORY_ONLY = (1 << 4),
} virDomainCoreDumpFlags;

typedef enum {
    VIR_DOMAIN_CORE_DUMP_FORMAT_RAW,
    VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_ZLIB,
    VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_LZO,
    VIR_DOMAIN_CORE_DUMP_FORMAT_KDUMP_SNAPPY,
    VIR_DOMAIN_CORE_DUMP_FORMAT_WIN_DMP,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_CORE_DUMP_FORMAT_LAST
#endif
} virDomainCoreDumpFormat;

typedef enum {
    VIR_MIGRATE_LIVE = (1 << 0),
    VIR_MIGRATE_PEER2PEER = (1 << 1),
    VIR_MIGRATE_TUNNELLED = (1 << 2),
    VIR_MIGRATE_PERSIST_DEST = (1 << 3),
    VIR_MIGRATE_UNDEFINE_SOURCE = (1 << 4),
    VIR_MIGRATE_PAUSED = (1 << 5),
    VIR_MIGRATE_NON_SHARED_DISK = (1 << 6),
    VIR_MIGRATE_NON_SHARED_INC = (1 << 7),
    VIR_MIGRATE_CHANGE_PROTECTION = (1 << 8),
    VIR_MIGRATE_UNSAFE = (1 << 9),
    VIR_MIGRATE_OFFLINE = (1 << 10),
    VIR_MIGRATE_COMPRESSED = (1 << 11),
    VIR_MIGRATE_ABORT_ON_ERROR = (1 << 12),
    VIR_MIGRATE_AUTO_CONVERGE = (1 << 13),
    VIR_MIGRATE_RDMA_PIN_ALL = (1 << 14),
    VIR_MIGRATE_POSTCOPY = (1 << 15),
    VIR_MIGRATE_TLS = (1 << 16),
    VIR_MIGRATE_PARALLEL = (1 << 17),
    VIR_MIGRATE_NON_SHARED_SYNCHRONOUS_WRITES = (1 << 18),
    VIR_MIGRATE_POSTCOPY_RESUME = (1 << 19),
    VIR_MIGRATE_ZEROCOPY = (1 << 20),
} virDomainMigrateFlags;

typedef enum {
    VIR_DOMAIN_MIGRATE_MAX_SPEED_POSTCOPY = (1 << 0),
} virDomainMigrateMaxSpeedFlags;

typedef enum {
    VIR_DOMAIN_SHUTDOWN_DEFAULT = 0,
    VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN = (1 << 0),
    VIR_DOMAIN_SHUTDOWN_GUEST_AGENT = (1 << 1),
    VIR_DOMAIN_SHUTDOWN_INITCTL = (1 << 2),
    VIR_DOMAIN_SHUTDOWN_SIGNAL = (1 << 3),
    VIR_DOMAIN_SHUTDOWN_PARAVIRT = (1 << 4),
} virDomainShutdownFlagValues;

typedef enum {
    VIR_DOMAIN_REBOOT_DEFAULT = 0,
    VIR_DOMAIN_REBOOT_ACPI_POWER_BTN = (1 << 0),
    VIR_DOMAIN_REBOOT_GUEST_AGENT = (1 << 1),
    VIR_DOMAIN_REBOOT_INITCTL = (1 << 2),
    VIR_DOMAIN_REBOOT_SIGNAL = (1 << 3),
    VIR_DOMAIN_REBOOT_PARAVIRT = (1 << 4),
} virDomainRebootFlagValues;

typedef enum {
    VIR_DOMAIN_DESTROY_DEFAULT = 0,
    VIR_DOMAIN_DESTROY_GRACEFUL = 1 << 0,
    VIR_DOMAIN_DESTROY_REMOVE_LOGS = 1 << 1,
} virDomainDestroyFlagsValues;

typedef enum {
    VIR_DOMAIN_SAVE_BYPASS_CACHE = 1 << 0,
    VIR_DOMAIN_SAVE_RUNNING = 1 << 1,
    VIR_DOMAIN_SAVE_PAUSED = 1 << 2,
    VIR_DOMAIN_SAVE_RESET_NVRAM = 1 << 3,
} virDomainSaveRestoreFlags;

typedef enum {
    VIR_DOMAIN_MEM_CURRENT = VIR_DOMAIN_AFFECT_CURRENT,
    VIR_DOMAIN_MEM_LIVE = VIR_DOMAIN_AFFECT_LIVE,
    VIR_DOMAIN_MEM_CONFIG = VIR_DOMAIN_AFFECT_CONFIG,
    VIR_DOMAIN_MEM_MAXIMUM = (1 << 2),
} virDomainMemoryModFlags;

typedef enum {
    VIR_DOMAIN_NUMATUNE_MEM_STRICT = 0,
    VIR_DOMAIN_NUMATUNE_MEM_PREFERRED = 1,
    VIR_DOMAIN_NUMATUNE_MEM_INTERLEAVE = 2,
    VIR_DOMAIN_NUMATUNE_MEM_RESTRICTIVE = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_NUMATUNE_MEM_LAST
#endif
} virDomainNumatuneMemMode;

typedef enum {
    VIR_DOMAIN_GET_HOSTNAME_LEASE = (1 << 0),
    VIR_DOMAIN_GET_HOSTNAME_AGENT = (1 << 1),
} virDomainGetHostnameFlags;

typedef enum {
    VIR_DOMAIN_METADATA_DESCRIPTION = 0,
    VIR_DOMAIN_METADATA_TITLE = 1,
    VIR_DOMAIN_METADATA_ELEMENT = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_METADATA_LAST
#endif
} virDomainMetadataType;

typedef enum {
    VIR_DOMAIN_XML_SECURE = (1 << 0),
    VIR_DOMAIN_XML_INACTIVE = (1 << 1),
    VIR_DOMAIN_XML_UPDATE_CPU = (1 << 2),
    VIR_DOMAIN_XML_MIGRATABLE = (1 << 3),
} virDomainXMLFlags;

typedef enum {
    VIR_DOMAIN_SAVE_IMAGE_XML_SECURE = VIR_DOMAIN_XML_SECURE,
} virDomainSaveImageXMLFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_RESIZE_BYTES = 1 << 0,
} virDomainBlockResizeFlags;

typedef enum {
    VIR_MEMORY_VIRTUAL = 1 << 0,
    VIR_MEMORY_PHYSICAL = 1 << 1,
} virDomainMemoryFlags;

typedef enum {
    VIR_DOMAIN_DEFINE_VALIDATE = (1 << 0),
} virDomainDefineFlags;

typedef enum {
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE = (1 << 0),
    VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA = (1 << 1),
    VIR_DOMAIN_UNDEFINE_NVRAM = (1 << 2),
    VIR_DOMAIN_UNDEFINE_KEEP_NVRAM = (1 << 3),
    VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA = (1 << 4),
    VIR_DOMAIN_UNDEFINE_TPM = (1 << 5),
    VIR_DOMAIN_UNDEFINE_KEEP_TPM = (1 << 6),
} virDomainUndefineFlagsValues;

typedef enum {
    VIR_CONNECT_LIST_DOMAINS_ACTIVE = 1 << 0,
    VIR_CONNECT_LIST_DOMAINS_INACTIVE = 1 << 1,
    VIR_CONNECT_LIST_DOMAINS_PERSISTENT = 1 << 2,
    VIR_CONNECT_LIST_DOMAINS_TRANSIENT = 1 << 3,
    VIR_CONNECT_LIST_DOMAINS_RUNNING = 1 << 4,
    VIR_CONNECT_LIST_DOMAINS_PAUSED = 1 << 5,
    VIR_CONNECT_LIST_DOMAINS_SHUTOFF = 1 << 6,
    VIR_CONNECT_LIST_DOMAINS_OTHER = 1 << 7,
    VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE = 1 << 8,
    VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE = 1 << 9,
    VIR_CONNECT_LIST_DOMAINS_AUTOSTART = 1 << 10,
    VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART = 1 << 11,
    VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT = 1 << 12,
    VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT = 1 << 13,
    VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT = 1 << 14,
    VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT = 1 << 15,
} virConnectListAllDomainsFlags;

typedef enum {
    VIR_VCPU_OFFLINE = 0,
    VIR_VCPU_RUNNING = 1,
    VIR_VCPU_BLOCKED = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_VCPU_LAST
#endif
} virVcpuState;

typedef enum {
    VIR_VCPU_INFO_CPU_OFFLINE = -1,
    VIR_VCPU_INFO_CPU_UNAVAILABLE = -2,
} virVcpuHostCpuState;

typedef enum {
    VIR_DOMAIN_VCPU_CURRENT = VIR_DOMAIN_AFFECT_CURRENT,
    VIR_DOMAIN_VCPU_LIVE = VIR_DOMAIN_AFFECT_LIVE,
    VIR_DOMAIN_VCPU_CONFIG = VIR_DOMAIN_AFFECT_CONFIG,
    VIR_DOMAIN_VCPU_MAXIMUM = (1 << 2),
    VIR_DOMAIN_VCPU_GUEST = (1 << 3),
    VIR_DOMAIN_VCPU_HOTPLUGGABLE = (1 << 4),
} virDomainVcpuFlags;

typedef enum {
    VIR_DOMAIN_DEVICE_MODIFY_CURRENT = VIR_DOMAIN_AFFECT_CURRENT,
    VIR_DOMAIN_DEVICE_MODIFY_LIVE = VIR_DOMAIN_AFFECT_LIVE,
    VIR_DOMAIN_DEVICE_MODIFY_CONFIG = VIR_DOMAIN_AFFECT_CONFIG,
    VIR_DOMAIN_DEVICE_MODIFY_FORCE = (1 << 2),
} virDomainDeviceModifyFlags;

typedef enum {
    VIR_DOMAIN_STATS_STATE = (1 << 0),
    VIR_DOMAIN_STATS_CPU_TOTAL = (1 << 1),
    VIR_DOMAIN_STATS_BALLOON = (1 << 2),
    VIR_DOMAIN_STATS_VCPU = (1 << 3),
    VIR_DOMAIN_STATS_INTERFACE = (1 << 4),
    VIR_DOMAIN_STATS_BLOCK = (1 << 5),
    VIR_DOMAIN_STATS_PERF = (1 << 6),
    VIR_DOMAIN_STATS_IOTHREAD = (1 << 7),
    VIR_DOMAIN_STATS_MEMORY = (1 << 8),
    VIR_DOMAIN_STATS_DIRTYRATE = (1 << 9),
    VIR_DOMAIN_STATS_VM = (1 << 10),
} virDomainStatsTypes;

typedef enum {
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE = VIR_CONNECT_LIST_DOMAINS_ACTIVE,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_INACTIVE = VIR_CONNECT_LIST_DOMAINS_INACTIVE,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT = VIR_CONNECT_LIST_DOMAINS_PERSISTENT,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT = VIR_CONNECT_LIST_DOMAINS_TRANSIENT,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_RUNNING = VIR_CONNECT_LIST_DOMAINS_RUNNING,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_PAUSED = VIR_CONNECT_LIST_DOMAINS_PAUSED,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_SHUTOFF = VIR_CONNECT_LIST_DOMAINS_SHUTOFF,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_OTHER = VIR_CONNECT_LIST_DOMAINS_OTHER,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT = 1 << 29,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_BACKING = 1 << 30,
    VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS = 1U << 31,
} virConnectGetAllDomainStatsFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_JOB_TYPE_UNKNOWN = 0,
    VIR_DOMAIN_BLOCK_JOB_TYPE_PULL = 1,
    VIR_DOMAIN_BLOCK_JOB_TYPE_COPY = 2,
    VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT = 3,
    VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT = 4,
    VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP = 5,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_BLOCK_JOB_TYPE_LAST
#endif
} virDomainBlockJobType;

typedef enum {
    VIR_DOMAIN_BLOCK_JOB_ABORT_ASYNC = 1 << 0,
    VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT = 1 << 1,
} virDomainBlockJobAbortFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES = 1 << 0,
} virDomainBlockJobInfoFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_JOB_SPEED_BANDWIDTH_BYTES = 1 << 0,
} virDomainBlockJobSetSpeedFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_PULL_BANDWIDTH_BYTES = 1 << 6,
} virDomainBlockPullFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_REBASE_SHALLOW = 1 << 0,
    VIR_DOMAIN_BLOCK_REBASE_REUSE_EXT = 1 << 1,
    VIR_DOMAIN_BLOCK_REBASE_COPY_RAW = 1 << 2,
    VIR_DOMAIN_BLOCK_REBASE_COPY = 1 << 3,
    VIR_DOMAIN_BLOCK_REBASE_RELATIVE = 1 << 4,
    VIR_DOMAIN_BLOCK_REBASE_COPY_DEV = 1 << 5,
    VIR_DOMAIN_BLOCK_REBASE_BANDWIDTH_BYTES = 1 << 6,
} virDomainBlockRebaseFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_COPY_SHALLOW = 1 << 0,
    VIR_DOMAIN_BLOCK_COPY_REUSE_EXT = 1 << 1,
    VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB = 1 << 2,
    VIR_DOMAIN_BLOCK_COPY_SYNCHRONOUS_WRITES = 1 << 3,
} virDomainBlockCopyFlags;

typedef enum {
    VIR_DOMAIN_BLOCK_COMMIT_SHALLOW = 1 << 0,
    VIR_DOMAIN_BLOCK_COMMIT_DELETE = 1 << 1,
    VIR_DOMAIN_BLOCK_COMMIT_ACTIVE = 1 << 2,
    VIR_DOMAIN_BLOCK_COMMIT_RELATIVE = 1 << 3,
    VIR_DOMAIN_BLOCK_COMMIT_BANDWIDTH_BYTES = 1 << 4,
} virDomainBlockCommitFlags;

typedef enum {
    VIR_DOMAIN_DISK_ERROR_NONE = 0,
    VIR_DOMAIN_DISK_ERROR_UNSPEC = 1,
    VIR_DOMAIN_DISK_ERROR_NO_SPACE = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_DISK_ERROR_LAST
#endif
} virDomainDiskErrorCode;

typedef enum {
    VIR_KEYCODE_SET_LINUX = 0,
    VIR_KEYCODE_SET_XT = 1,
    VIR_KEYCODE_SET_ATSET1 = 2,
    VIR_KEYCODE_SET_ATSET2 = 3,
    VIR_KEYCODE_SET_ATSET3 = 4,
    VIR_KEYCODE_SET_OSX = 5,
    VIR_KEYCODE_SET_XT_KBD = 6,
    VIR_KEYCODE_SET_USB = 7,
    VIR_KEYCODE_SET_WIN32 = 8,
    VIR_KEYCODE_SET_QNUM = 9,
#ifdef VIR_ENUM_SENTINELS
    VIR_KEYCODE_SET_LAST
#endif
} virKeycodeSet;

typedef enum {
    VIR_DOMAIN_PROCESS_SIGNAL_NOP = 0,
    VIR_DOMAIN_PROCESS_SIGNAL_HUP = 1,
    VIR_DOMAIN_PROCESS_SIGNAL_INT = 2,
    VIR_DOMAIN_PROCESS_SIGNAL_QUIT = 3,
    VIR_DOMAIN_PROCESS_SIGNAL_ILL = 4,
    VIR_DOMAIN_PROCESS_SIGNAL_TRAP = 5,
    VIR_DOMAIN_PROCESS_SIGNAL_ABRT = 6,
    VIR_DOMAIN_PROCESS_SIGNAL_BUS = 7,
    VIR_DOMAIN_PROCESS_SIGNAL_FPE = 8,
    VIR_DOMAIN_PROCESS_SIGNAL_KILL = 9,
    VIR_DOMAIN_PROCESS_SIGNAL_USR1 = 10,
    VIR_DOMAIN_PROCESS_SIGNAL_SEGV = 11,
    VIR_DOMAIN_PROCESS_SIGNAL_USR2 = 12,
    VIR_DOMAIN_PROCESS_SIGNAL_PIPE = 13,
    VIR_DOMAIN_PROCESS_SIGNAL_ALRM = 14,
    VIR_DOMAIN_PROCESS_SIGNAL_TERM = 15,
    VIR_DOMAIN_PROCESS_SIGNAL_STKFLT = 16,
    VIR_DOMAIN_PROCESS_SIGNAL_CHLD = 17,
    VIR_DOMAIN_PROCESS_SIGNAL_CONT = 18,
    VIR_DOMAIN_PROCESS_SIGNAL_STOP = 19,
    VIR_DOMAIN_PROCESS_SIGNAL_TSTP = 20,
    VIR_DOMAIN_PROCESS_SIGNAL_TTIN = 21,
    VIR_DOMAIN_PROCESS_SIGNAL_TTOU = 22,
    VIR_DOMAIN_PROCESS_SIGNAL_URG = 23,
    VIR_DOMAIN_PROCESS_SIGNAL_XCPU = 24,
    VIR_DOMAIN_PROCESS_SIGNAL_XFSZ = 25,
    VIR_DOMAIN_PROCESS_SIGNAL_VTALRM = 26,
    VIR_DOMAIN_PROCESS_SIGNAL_PROF = 27,
    VIR_DOMAIN_PROCESS_SIGNAL_WINCH = 28,
    VIR_DOMAIN_PROCESS_SIGNAL_POLL = 29,
    VIR_DOMAIN_PROCESS_SIGNAL_PWR = 30,
    VIR_DOMAIN_PROCESS_SIGNAL_SYS = 31,
    VIR_DOMAIN_PROCESS_SIGNAL_RT0 = 32,
    VIR_DOMAIN_PROCESS_SIGNAL_RT1 = 33,
    VIR_DOMAIN_PROCESS_SIGNAL_RT2 = 34,
    VIR_DOMAIN_PROCESS_SIGNAL_RT3 = 35,
    VIR_DOMAIN_PROCESS_SIGNAL_RT4 = 36,
    VIR_DOMAIN_PROCESS_SIGNAL_RT5 = 37,
    VIR_DOMAIN_PROCESS_SIGNAL_RT6 = 38,
    VIR_DOMAIN_PROCESS_SIGNAL_RT7 = 39,
    VIR_DOMAIN_PROCESS_SIGNAL_RT8 = 40,
    VIR_DOMAIN_PROCESS_SIGNAL_RT9 = 41,
    VIR_DOMAIN_PROCESS_SIGNAL_RT10 = 42,
    VIR_DOMAIN_PROCESS_SIGNAL_RT11 = 43,
    VIR_DOMAIN_PROCESS_SIGNAL_RT12 = 44,
    VIR_DOMAIN_PROCESS_SIGNAL_RT13 = 45,
    VIR_DOMAIN_PROCESS_SIGNAL_RT14 = 46,
    VIR_DOMAIN_PROCESS_SIGNAL_RT15 = 47,
    VIR_DOMAIN_PROCESS_SIGNAL_RT16 = 48,
    VIR_DOMAIN_PROCESS_SIGNAL_RT17 = 49,
    VIR_DOMAIN_PROCESS_SIGNAL_RT18 = 50,
    VIR_DOMAIN_PROCESS_SIGNAL_RT19 = 51,
    VIR_DOMAIN_PROCESS_SIGNAL_RT20 = 52,
    VIR_DOMAIN_PROCESS_SIGNAL_RT21 = 53,
    VIR_DOMAIN_PROCESS_SIGNAL_RT22 = 54,
    VIR_DOMAIN_PROCESS_SIGNAL_RT23 = 55,
    VIR_DOMAIN_PROCESS_SIGNAL_RT24 = 56,
    VIR_DOMAIN_PROCESS_SIGNAL_RT25 = 57,
    VIR_DOMAIN_PROCESS_SIGNAL_RT26 = 58,
    VIR_DOMAIN_PROCESS_SIGNAL_RT27 = 59,
    VIR_DOMAIN_PROCESS_SIGNAL_RT28 = 60,
    VIR_DOMAIN_PROCESS_SIGNAL_RT29 = 61,
    VIR_DOMAIN_PROCESS_SIGNAL_RT30 = 62,
    VIR_DOMAIN_PROCESS_SIGNAL_RT31 = 63,
    VIR_DOMAIN_PROCESS_SIGNAL_RT32 = 64,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_PROCESS_SIGNAL_LAST
#endif
} virDomainProcessSignal;

typedef enum {
    VIR_DOMAIN_EVENT_DEFINED = 0,
    VIR_DOMAIN_EVENT_UNDEFINED = 1,
    VIR_DOMAIN_EVENT_STARTED = 2,
    VIR_DOMAIN_EVENT_SUSPENDED = 3,
    VIR_DOMAIN_EVENT_RESUMED = 4,
    VIR_DOMAIN_EVENT_STOPPED = 5,
    VIR_DOMAIN_EVENT_SHUTDOWN = 6,
    VIR_DOMAIN_EVENT_PMSUSPENDED = 7,
    VIR_DOMAIN_EVENT_CRASHED = 8,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_LAST
#endif
} virDomainEventType;

typedef enum {
    VIR_DOMAIN_EVENT_DEFINED_ADDED = 0,
    VIR_DOMAIN_EVENT_DEFINED_UPDATED = 1,
    VIR_DOMAIN_EVENT_DEFINED_RENAMED = 2,
    VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_DEFINED_LAST
#endif
} virDomainEventDefinedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_UNDEFINED_REMOVED = 0,
    VIR_DOMAIN_EVENT_UNDEFINED_RENAMED = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_UNDEFINED_LAST
#endif
} virDomainEventUndefinedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_STARTED_BOOTED = 0,
    VIR_DOMAIN_EVENT_STARTED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_STARTED_RESTORED = 2,
    VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT = 3,
    VIR_DOMAIN_EVENT_STARTED_WAKEUP = 4,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_STARTED_LAST
#endif
} virDomainEventStartedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_SUSPENDED_PAUSED = 0,
    VIR_DOMAIN_EVENT_SUSPENDED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_SUSPENDED_IOERROR = 2,
    VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG = 3,
    VIR_DOMAIN_EVENT_SUSPENDED_RESTORED = 4,
    VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT = 5,
    VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR = 6,
    VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY = 7,
    VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED = 8,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_SUSPENDED_LAST
#endif
} virDomainEventSuspendedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_RESUMED_UNPAUSED = 0,
    VIR_DOMAIN_EVENT_RESUMED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT = 2,
    VIR_DOMAIN_EVENT_RESUMED_POSTCOPY = 3,
    VIR_DOMAIN_EVENT_RESUMED_POSTCOPY_FAILED = 4,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_RESUMED_LAST
#endif
} virDomainEventResumedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN = 0,
    VIR_DOMAIN_EVENT_STOPPED_DESTROYED = 1,
    VIR_DOMAIN_EVENT_STOPPED_CRASHED = 2,
    VIR_DOMAIN_EVENT_STOPPED_MIGRATED = 3,
    VIR_DOMAIN_EVENT_STOPPED_SAVED = 4,
    VIR_DOMAIN_EVENT_STOPPED_FAILED = 5,
    VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT = 6,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_STOPPED_LAST
#endif
} virDomainEventStoppedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_SHUTDOWN_FINISHED = 0,
    VIR_DOMAIN_EVENT_SHUTDOWN_GUEST = 1,
    VIR_DOMAIN_EVENT_SHUTDOWN_HOST = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_SHUTDOWN_LAST
#endif
} virDomainEventShutdownDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_PMSUSPENDED_MEMORY = 0,
    VIR_DOMAIN_EVENT_PMSUSPENDED_DISK = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_PMSUSPENDED_LAST
#endif
} virDomainEventPMSuspendedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_CRASHED_PANICKED = 0,
    VIR_DOMAIN_EVENT_CRASHED_CRASHLOADED = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_CRASHED_LAST
#endif
} virDomainEventCrashedDetailType;

typedef enum {
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_RECIPIENT_HYPERVISOR = 0,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_RECIPIENT_GUEST = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_RECIPIENT_LAST
#endif
} virDomainMemoryFailureRecipientType;

typedef enum {
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_IGNORE = 0,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_INJECT = 1,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_FATAL = 2,
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_RESET = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_MEMORY_FAILURE_ACTION_LAST
#endif
} virDomainMemoryFailureActionType;

typedef enum {
    VIR_DOMAIN_MEMORY_FAILURE_ACTION_REQUIRED = (1 << 0),
    VIR_DOMAIN_MEMORY_FAILURE_RECURSIVE = (1 << 1),
} virDomainMemoryFailureFlags;

typedef enum {
    VIR_DOMAIN_JOB_NONE = 0,
    VIR_DOMAIN_JOB_BOUNDED = 1,
    VIR_DOMAIN_JOB_UNBOUNDED = 2,
    VIR_DOMAIN_JOB_COMPLETED = 3,
    VIR_DOMAIN_JOB_FAILED = 4,
    VIR_DOMAIN_JOB_CANCELLED = 5,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_JOB_LAST
#endif
} virDomainJobType;

typedef enum {
    VIR_DOMAIN_JOB_STATS_COMPLETED = 1 << 0,
    VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED = 1 << 1,
} virDomainGetJobStatsFlags;

typedef enum {
    VIR_DOMAIN_ABORT_JOB_POSTCOPY = 1 << 0,
} virDomainAbortJobFlagsValues;

typedef enum {
    VIR_DOMAIN_JOB_OPERATION_UNKNOWN = 0,
    VIR_DOMAIN_JOB_OPERATION_START = 1,
    VIR_DOMAIN_JOB_OPERATION_SAVE = 2,
    VIR_DOMAIN_JOB_OPERATION_RESTORE = 3,
    VIR_DOMAIN_JOB_OPERATION_MIGRATION_IN = 4,
    VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT = 5,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT = 6,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT_REVERT = 7,
    VIR_DOMAIN_JOB_OPERATION_DUMP = 8,
    VIR_DOMAIN_JOB_OPERATION_BACKUP = 9,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT_DELETE = 10,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_JOB_OPERATION_LAST
#endif
} virDomainJobOperation;

typedef enum {
    VIR_DOMAIN_EVENT_WATCHDOG_NONE = 0,
    VIR_DOMAIN_EVENT_WATCHDOG_PAUSE,
    VIR_DOMAIN_EVENT_WATCHDOG_RESET,
    VIR_DOMAIN_EVENT_WATCHDOG_POWEROFF,
    VIR_DOMAIN_EVENT_WATCHDOG_SHUTDOWN,
    VIR_DOMAIN_EVENT_WATCHDOG_DEBUG,
    VIR_DOMAIN_EVENT_WATCHDOG_INJECTNMI,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_WATCHDOG_LAST
#endif
} virDomainEventWatchdogAction;

typedef enum {
    VIR_DOMAIN_EVENT_IO_ERROR_NONE = 0,
    VIR_DOMAIN_EVENT_IO_ERROR_PAUSE,
    VIR_DOMAIN_EVENT_IO_ERROR_REPORT,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_IO_ERROR_LAST
#endif
} virDomainEventIOErrorAction;

typedef enum {
    VIR_DOMAIN_EVENT_GRAPHICS_CONNECT = 0,
    VIR_DOMAIN_EVENT_GRAPHICS_INITIALIZE,
    VIR_DOMAIN_EVENT_GRAPHICS_DISCONNECT,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_GRAPHICS_LAST
#endif
} virDomainEventGraphicsPhase;

typedef enum {
    VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_IPV4,
    VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_IPV6,
    VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_UNIX,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_GRAPHICS_ADDRESS_LAST
#endif
} virDomainEventGraphicsAddressType;

typedef enum {
    VIR_DOMAIN_BLOCK_JOB_COMPLETED = 0,
    VIR_DOMAIN_BLOCK_JOB_FAILED = 1,
    VIR_DOMAIN_BLOCK_JOB_CANCELED = 2,
    VIR_DOMAIN_BLOCK_JOB_READY = 3,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_BLOCK_JOB_LAST
#endif
} virConnectDomainEventBlockJobStatus;

typedef enum {
    VIR_DOMAIN_EVENT_DISK_CHANGE_MISSING_ON_START = 0,
    VIR_DOMAIN_EVENT_DISK_DROP_MISSING_ON_START = 1,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_DISK_CHANGE_LAST
#endif
} virConnectDomainEventDiskChangeReason;

typedef enum {
    VIR_DOMAIN_EVENT_TRAY_CHANGE_OPEN = 0,
    VIR_DOMAIN_EVENT_TRAY_CHANGE_CLOSE,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_TRAY_CHANGE_LAST
#endif
} virDomainEventTrayChangeReason;

typedef enum {
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_CONNECTED = 1,
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_DISCONNECTED = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_STATE_LAST
#endif
} virConnectDomainEventAgentLifecycleState;

typedef enum {
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_UNKNOWN = 0,
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_DOMAIN_STARTED = 1,
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_CHANNEL = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_CONNECT_DOMAIN_EVENT_AGENT_LIFECYCLE_REASON_LAST
#endif
} virConnectDomainEventAgentLifecycleReason;

typedef enum {
    VIR_DOMAIN_EVENT_ID_LIFECYCLE = 0,
    VIR_DOMAIN_EVENT_ID_REBOOT = 1,
    VIR_DOMAIN_EVENT_ID_RTC_CHANGE = 2,
    VIR_DOMAIN_EVENT_ID_WATCHDOG = 3,
    VIR_DOMAIN_EVENT_ID_IO_ERROR = 4,
    VIR_DOMAIN_EVENT_ID_GRAPHICS = 5,
    VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON = 6,
    VIR_DOMAIN_EVENT_ID_CONTROL_ERROR = 7,
    VIR_DOMAIN_EVENT_ID_BLOCK_JOB = 8,
    VIR_DOMAIN_EVENT_ID_DISK_CHANGE = 9,
    VIR_DOMAIN_EVENT_ID_TRAY_CHANGE = 10,
    VIR_DOMAIN_EVENT_ID_PMWAKEUP = 11,
    VIR_DOMAIN_EVENT_ID_PMSUSPEND = 12,
    VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE = 13,
    VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK = 14,
    VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED = 15,
    VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 = 16,
    VIR_DOMAIN_EVENT_ID_TUNABLE = 17,
    VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE = 18,
    VIR_DOMAIN_EVENT_ID_DEVICE_ADDED = 19,
    VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION = 20,
    VIR_DOMAIN_EVENT_ID_JOB_COMPLETED = 21,
    VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED = 22,
    VIR_DOMAIN_EVENT_ID_METADATA_CHANGE = 23,
    VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD = 24,
    VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE = 25,
    VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE = 26,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_ID_LAST
#endif
} virDomainEventID;

typedef enum {
    VIR_DOMAIN_CONSOLE_FORCE = (1 << 0),
    VIR_DOMAIN_CONSOLE_SAFE = (1 << 1),
} virDomainConsoleFlags;

int virDomainOpenConsole(virDomainPtr dom, const char *dev_name, virStreamPtr st,
                         unsigned int flags);

typedef enum {
    VIR_DOMAIN_CHANNEL_FORCE = (1 << 0),
} virDomainChannelFlags;

typedef enum {
    VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH = (1 << 0),
} virDomainOpenGraphicsFlags;

typedef enum {
    VIR_DOMAIN_TIME_SYNC = (1 << 0),
} virDomainSetTimeFlags;

typedef enum {
    VIR_DOMAIN_SCHED_FIELD_INT = VIR_TYPED_PARAM_INT,
    VIR_DOMAIN_SCHED_FIELD_UINT = VIR_TYPED_PARAM_UINT,
    VIR_DOMAIN_SCHED_FIELD_LLONG = VIR_TYPED_PARAM_LLONG,
    VIR_DOMAIN_SCHED_FIELD_ULLONG = VIR_TYPED_PARAM_ULLONG,
    VIR_DOMAIN_SCHED_FIELD_DOUBLE = VIR_TYPED_PARAM_DOUBLE,
    VIR_DOMAIN_SCHED_FIELD_BOOLEAN = VIR_TYPED_PARAM_BOOLEAN,
} virSchedParameterType;

typedef enum {
    VIR_DOMAIN_BLKIO_PARAM_INT = VIR_TYPED_PARAM_INT,
    VIR_DOMAIN_BLKIO_PARAM_UINT = VIR_TYPED_PARAM_UINT,
    VIR_DOMAIN_BLKIO_PARAM_LLONG = VIR_TYPED_PARAM_LLONG,
    VIR_DOMAIN_BLKIO_PARAM_ULLONG = VIR_TYPED_PARAM_ULLONG,
    VIR_DOMAIN_BLKIO_PARAM_DOUBLE = VIR_TYPED_PARAM_DOUBLE,
    VIR_DOMAIN_BLKIO_PARAM_BOOLEAN = VIR_TYPED_PARAM_BOOLEAN,
} virBlkioParameterType;

typedef enum {
    VIR_DOMAIN_MEMORY_PARAM_INT = VIR_TYPED_PARAM_INT,
    VIR_DOMAIN_MEMORY_PARAM_UINT = VIR_TYPED_PARAM_UINT,
    VIR_DOMAIN_MEMORY_PARAM_LLONG = VIR_TYPED_PARAM_LLONG,
    VIR_DOMAIN_MEMORY_PARAM_ULLONG = VIR_TYPED_PARAM_ULLONG,
    VIR_DOMAIN_MEMORY_PARAM_DOUBLE = VIR_TYPED_PARAM_DOUBLE,
    VIR_DOMAIN_MEMORY_PARAM_BOOLEAN = VIR_TYPED_PARAM_BOOLEAN,
} virMemoryParameterType;

typedef enum {
    VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE = 0,
    VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT = 1,
    VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LAST
#endif
} virDomainInterfaceAddressesSource;

typedef enum {
    VIR_DOMAIN_PASSWORD_ENCRYPTED = 1 << 0,
} virDomainSetUserPasswordFlags;

typedef enum {
    VIR_DOMAIN_LIFECYCLE_POWEROFF = 0,
    VIR_DOMAIN_LIFECYCLE_REBOOT = 1,
    VIR_DOMAIN_LIFECYCLE_CRASH = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_LIFECYCLE_LAST
#endif
} virDomainLifecycle;

typedef enum {
    VIR_DOMAIN_LIFECYCLE_ACTION_DESTROY = 0,
    VIR_DOMAIN_LIFECYCLE_ACTION_RESTART = 1,
    VIR_DOMAIN_LIFECYCLE_ACTION_RESTART_RENAME = 2,
    VIR_DOMAIN_LIFECYCLE_ACTION_PRESERVE = 3,
    VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_DESTROY = 4,
    VIR_DOMAIN_LIFECYCLE_ACTION_COREDUMP_RESTART = 5,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_LIFECYCLE_ACTION_LAST
#endif
} virDomainLifecycleAction;

typedef enum {
    VIR_DOMAIN_GUEST_INFO_USERS = (1 << 0),
    VIR_DOMAIN_GUEST_INFO_OS = (1 << 1),
    VIR_DOMAIN_GUEST_INFO_TIMEZONE = (1 << 2),
    VIR_DOMAIN_GUEST_INFO_HOSTNAME = (1 << 3),
    VIR_DOMAIN_GUEST_INFO_FILESYSTEM = (1 << 4),
    VIR_DOMAIN_GUEST_INFO_DISKS = (1 << 5),
    VIR_DOMAIN_GUEST_INFO_INTERFACES = (1 << 6),
} virDomainGuestInfoTypes;

typedef enum {
    VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_BLOCK = -2,
    VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_DEFAULT = -1,
    VIR_DOMAIN_AGENT_RESPONSE_TIMEOUT_NOWAIT = 0,
} virDomainAgentResponseTimeoutValues;

typedef enum {
    VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL = (1 << 0),
} virDomainBackupBeginFlags;

typedef enum {
    VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_APPEND = (1 << 0),
    VIR_DOMAIN_AUTHORIZED_SSH_KEYS_SET_REMOVE = (1 << 1),
} virDomainAuthorizedSSHKeysSetFlags;

typedef enum {
    VIR_DOMAIN_MESSAGE_DEPRECATION = (1 << 0),
    VIR_DOMAIN_MESSAGE_TAINTING = (1 << 1),
} virDomainMessageType;

typedef enum {
    VIR_DOMAIN_DIRTYRATE_UNSTARTED = 0,
    VIR_DOMAIN_DIRTYRATE_MEASURING = 1,
    VIR_DOMAIN_DIRTYRATE_MEASURED = 2,
#ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_DIRTYRATE_LAST
#endif
} virDomainDirtyRateStatus;

typedef enum {
    VIR_DOMAIN_DIRTYRATE_MODE_PAGE_SAMPLING = 0,
    VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_BITMAP = 1 << 0,
    VIR_DOMAIN_DIRTYRATE_MODE_DIRTY_RING = 1 << 1,
} virDomainDirtyRateCalcFlags;

typedef enum {
    VIR_DOMAIN_FD_ASSOCIATE_SECLABEL_RESTORE = (1 << 0),
    VIR_DOMAIN_FD_ASSOCIATE_SECLABEL_WRITABLE = (1 << 1),
} virDomainFDAssociateFlags;

typedef struct _virDomainControlInfo virDomainControlInfo;
struct _virDomainControlInfo {
    unsigned int state;
    unsigned int details;
    unsigned long long stateTime;
};
typedef virDomainControlInfo *virDomainControlInfoPtr;

/* The layout is ABI: memory sizes in KiB, cpuTime in nanoseconds. */
typedef struct _virDomainInfo virDomainInfo;
struct _virDomainInfo {
    unsigned char state;
    unsigned long maxMem;
    unsigned long memory;
    unsigned short nrVirtCpu;
    unsigned long long cpuTime;
};
typedef virDomainInfo *virDomainInfoPtr;

typedef struct _virDomainEventGraphicsAddress virDomainEventGraphicsAddress;
struct _virDomainEventGraphicsAddress {
    int family;
    char *node;
    char *service;
};
typedef virDomainEventGraphicsAddress *virDomainEventGraphicsAddressPtr;

typedef struct _virDomainEventGraphicsSubjectIdentity virDomainEventGraphicsSubjectIdentity;
struct _virDomainEventGraphicsSubjectIdentity {
    char *type;
    char *name;
};
typedef virDomainEventGraphicsSubjectIdentity *virDomainEventGraphicsSubjectIdentityPtr;

typedef struct _virDomainEventGraphicsSubject virDomainEventGraphicsSubject;
struct _virDomainEventGraphicsSubject {
    int nidentity;
    virDomainEventGraphicsSubjectIdentityPtr identities;
};
typedef virDomainEventGraphicsSubject *virDomainEventGraphicsSubjectPtr;

virConnectPtr virDomainGetConnect(virDomainPtr domain);

int virConnectNumOfDomains(virConnectPtr conn);
int virConnectListDomains(virConnectPtr conn, int *ids, int maxids);
int virConnectNumOfDefinedDomains(virConnectPtr conn);
int virConnectListDefinedDomains(virConnectPtr conn, char **const names, int maxnames);
int virConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                             unsigned int flags);

char *virConnectGetDomainCapabilities(virConnectPtr conn, const char *emulatorbin,
                                      const char *arch, const char *machine,
                                      const char *virttype, unsigned int flags);

virDomainPtr virDomainLookupByID(virConnectPtr conn, int id);
virDomainPtr virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid);
virDomainPtr virDomainLookupByUUIDString(virConnectPtr conn, const char *uuid);
virDomainPtr virDomainLookupByName(virConnectPtr conn, const char *name);

virDomainPtr virDomainCreateXML(virConnectPtr conn, const char *xmlDesc,
                                unsigned int flags);
virDomainPtr virDomainDefineXML(virConnectPtr conn, const char *xml);
virDomainPtr virDomainDefineXMLFlags(virConnectPtr conn, const char *xml,
                                     unsigned int flags);
int virDomainUndefine(virDomainPtr domain);
int virDomainUndefineFlags(virDomainPtr domain, unsigned int flags);

int virDomainCreate(virDomainPtr domain);
int virDomainCreateWithFlags(virDomainPtr domain, unsigned int flags);
int virDomainDestroy(virDomainPtr domain);
int virDomainDestroyFlags(virDomainPtr domain, unsigned int flags);
int virDomainShutdown(virDomainPtr domain);
int virDomainShutdownFlags(virDomainPtr domain, unsigned int flags);
int virDomainReboot(virDomainPtr domain, unsigned int flags);
int virDomainSuspend(virDomainPtr domain);
int virDomainResume(virDomainPtr domain);
int virDomainAttachDevice(virDomainPtr domain, const char *xml);
int virDomainDetachDevice(virDomainPtr domain, const char *xml);
int virDomainAttachDeviceFlags(virDomainPtr domain, const char *xml, unsigned int flags);
int virDomainDetachDeviceFlags(virDomainPtr domain, const char *xml, unsigned int flags);

int virDomainRef(virDomainPtr domain);
int virDomainFree(virDomainPtr domain);

const char *virDomainGetName(virDomainPtr domain);
unsigned int virDomainGetID(virDomainPtr domain);
int virDomainGetUUID(virDomainPtr domain, unsigned char *uuid);
int virDomainGetUUIDString(virDomainPtr domain, char *buf);
char *virDomainGetOSType(virDomainPtr domain);
unsigned long virDomainGetMaxMemory(virDomainPtr domain);
int virDomainGetVcpusFlags(virDomainPtr domain, unsigned int flags);

int virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info);
int virDomainGetState(virDomainPtr domain, int *state, int *reason, unsigned int flags);
char *virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags);
int virDomainGetAutostart(virDomainPtr domain, int *autostart);
int virDomainSetAutostart(virDomainPtr domain, int autostart);
int virDomainIsActive(virDomainPtr dom);
int virDomainIsPersistent(virDomainPtr dom);

typedef int (*virConnectDomainEventCallback)(virConnectPtr conn, virDomainPtr dom,
                                             int event, int detail, void *opaque);
typedef void (*virConnectDomainEventGenericCallback)(virConnectPtr conn, virDomainPtr dom,
                                                     void *opaque);
typedef void (*virConnectDomainEventRTCChangeCallback)(virConnectPtr conn,
                                                       virDomainPtr dom,
                                                       long long utcoffset, void *opaque);
typedef void (*virConnectDomainEventWatchdogCallback)(virConnectPtr conn, virDomainPtr dom,
                                                      int action, void *opaque);
typedef void (*virConnectDomainEventIOErrorCallback)(virConnectPtr conn, virDomainPtr dom,
                                                     const char *srcPath,
                                                     const char *devAlias, int action,
                                                     void *opaque);
typedef void (*virConnectDomainEventIOErrorReasonCallback)(virConnectPtr conn,
                                                           virDomainPtr dom,
                                                           const char *srcPath,
                                                           const char *devAlias,
                                                           int action, const char *reason,
                                                           void *opaque);
typedef void (*virConnectDomainEventGraphicsCallback)(virConnectPtr conn, virDomainPtr dom,
                                                      int phase,
                                                      const virDomainEventGraphicsAddress *local,
                                                      const virDomainEventGraphicsAddress *remote,
                                                      const char *authScheme,
                                                      const virDomainEventGraphicsSubject *subject,
                                                      void *opaque);
typedef void (*virConnectDomainEventBlockJobCallback)(virConnectPtr conn, virDomainPtr dom,
                                                      const char *disk, int type,
                                                      int status, void *opaque);
typedef void (*virConnectDomainEventDiskChangeCallback)(virConnectPtr conn,
                                                        virDomainPtr dom,
                                                        const char *oldSrcPath,
                                                        const char *newSrcPath,
                                                        const char *devAlias, int reason,
                                                        void *opaque);
typedef void (*virConnectDomainEventTrayChangeCallback)(virConnectPtr conn,
                                                        virDomainPtr dom,
                                                        const char *devAlias, int reason,
                                                        void *opaque);
typedef void (*virConnectDomainEventPMWakeupCallback)(virConnectPtr conn, virDomainPtr dom,
                                                      int reason, void *opaque);
typedef void (*virConnectDomainEventPMSuspendCallback)(virConnectPtr conn,
                                                       virDomainPtr dom, int reason,
                                                       void *opaque);
typedef void (*virConnectDomainEventBalloonChangeCallback)(virConnectPtr conn,
                                                           virDomainPtr dom,
                                                           unsigned long long actual,
                                                           void *opaque);
typedef void (*virConnectDomainEventPMSuspendDiskCallback)(virConnectPtr conn,
                                                           virDomainPtr dom, int reason,
                                                           void *opaque);
typedef void (*virConnectDomainEventDeviceRemovedCallback)(virConnectPtr conn,
                                                           virDomainPtr dom,
                                                           const char *devAlias,
                                                           void *opaque);
typedef void (*virConnectDomainEventDeviceAddedCallback)(virConnectPtr conn,
                                                         virDomainPtr dom,
                                                         const char *devAlias,
                                                         void *opaque);
typedef void (*virConnectDomainEventDeviceRemovalFailedCallback)(virConnectPtr conn,
                                                                 virDomainPtr dom,
                                                                 const char *devAlias,
                                                                 void *opaque);
typedef void (*virConnectDomainEventMetadataChangeCallback)(virConnectPtr conn,
                                                            virDomainPtr dom, int type,
                                                            const char *nsuri,
                                                            void *opaque);
typedef void (*virConnectDomainEventMigrationIterationCallback)(virConnectPtr conn,
                                                                virDomainPtr dom,
                                                                int iteration,
                                                                void *opaque);
typedef void (*virConnectDomainEventJobCompletedCallback)(virConnectPtr conn,
                                                          virDomainPtr dom,
                                                          virTypedParameterPtr params,
                                                          int nparams, void *opaque);
typedef void (*virConnectDomainEventAgentLifecycleCallback)(virConnectPtr conn,
                                                            virDomainPtr dom, int state,
                                                            int reason, void *opaque);
typedef void (*virConnectDomainEventBlockThresholdCallback)(virConnectPtr conn,
                                                            virDomainPtr dom,
                                                            const char *dev,
                                                            const char *path,
                                                            unsigned long long threshold,
                                                            unsigned long long excess,
                                                            void *opaque);
typedef void (*virConnectDomainEventMemoryFailureCallback)(virConnectPtr conn,
                                                           virDomainPtr dom, int recipient,
                                                           int action, unsigned int flags,
                                                           void *opaque);
typedef void (*virConnectDomainEventMemoryDeviceSizeChangeCallback)(virConnectPtr conn,
                                                                    virDomainPtr dom,
                                                                    const char *alias,
                                                                    unsigned long long size,
                                                                    void *opaque);

/* Casts any of the typed callbacks above for virConnectDomainEventRegisterAny. */
#define VIR_DOMAIN_EVENT_CALLBACK(cb) ((virConnectDomainEventGenericCallback)(cb))

int virConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                     virConnectDomainEventGenericCallback cb, void *opaque,
                                     virFreeCallback freecb);
int virConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID);

#endif /* LIBVIRT_DOMAIN_H */
