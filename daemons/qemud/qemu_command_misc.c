/* The small devices on the QEMU command line: audio backends, watchdog, memory balloon, random number generators, panic notifier. */
#define MV_LOG_MODULE "qemu.command"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_command_misc.h"

#include "conf/domain_audio.h"
#include "conf/domain_memballoon.h"
#include "conf/domain_os.h"
#include "conf/domain_panic.h"
#include "conf/domain_rng.h"
#include "conf/domain_watchdog.h"
#include "qemu_command_props.h"
#include "qemu_postparse.h"
#include "util/error.h"

static bool
pcie(const MvDomainDef *def)
{
    return mv_qemu_machine_is_q35(def->os->machine);
}

int
mv_qemu_command_add_audios(MvCommand *cmd, const MvDomainDef *def)
{
    for (guint i = 0; i < def->audios->len; i++) {
        const MvDomainAudio *audio = g_ptr_array_index(def->audios, i);
        g_autofree char *id = g_strdup_printf("audio%u", audio->id);
        g_autoptr(MvQemuProps) props = NULL;

        if (audio->type != MV_DOMAIN_AUDIO_NONE) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "audio backend '%s' is not supported by this "
                            "QEMU driver", mv_domain_audio_type_to_string(audio->type));
            return -1;
        }
        props = mv_qemu_props_new(NULL);
        mv_qemu_props_add_str(props, "id", id);
        mv_qemu_props_add_str(props, "driver", "none");
        mv_qemu_props_add_to_command(cmd, "-audiodev", g_steal_pointer(&props));
    }
    return 0;
}

int
mv_qemu_command_add_watchdog(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    const MvDomainWatchdog *watchdog = def->watchdog;
    g_autoptr(MvQemuProps) props = NULL;
    MvWatchdogAction action;
    const char *device;
    const char *id;

    if (!watchdog)
        return 0;
    if (watchdog->model == MV_WATCHDOG_MODEL_I6300ESB) {
        device = "i6300esb";
    } else if (watchdog->model == MV_WATCHDOG_MODEL_IB700) {
        device = "ib700";
    } else {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "watchdog model '%s' is not supported by this QEMU binary",
                        mv_watchdog_model_to_string(watchdog->model));
        return -1;
    }
    if (mv_qemu_require_device(caps, device, "watchdog") < 0 ||
        !(id = mv_qemu_device_id(&watchdog->info, "watchdog")))
        return -1;
    props = mv_qemu_props_new(device);
    mv_qemu_props_add_str(props, "id", id);
    mv_qemu_props_add_pci_address(props, &watchdog->info, pcie(def));
    mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));

    /* QEMU cannot dump: it pauses and the driver dumps on the event. */
    action = watchdog->action == MV_WATCHDOG_ACTION_DUMP ? MV_WATCHDOG_ACTION_PAUSE : watchdog->action;
    mv_command_add_arg(cmd, "-watchdog-action");
    mv_command_add_arg(cmd, action == MV_WATCHDOG_ACTION_INJECT_NMI ? "inject-nmi" :
                       mv_watchdog_action_to_string(action));
    return 0;
}

int
mv_qemu_command_add_memballoon(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    const MvDomainMemballoon *balloon = def->memballoon;
    g_autoptr(MvQemuProps) props = NULL;
    const char *id;

    if (!balloon || balloon->model == MV_MEMBALLOON_MODEL_NONE)
        return 0;
    if (balloon->model != MV_MEMBALLOON_MODEL_VIRTIO) {
        mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "Memory balloon device type '%s' is not supported by this "
                        "version of qemu", mv_memballoon_model_to_string(balloon->model));
        return -1;
    }
    if (mv_qemu_require_device(caps, "virtio-balloon-pci", "memballoon") < 0 ||
        !(id = mv_qemu_device_id(&balloon->info, "memballoon")))
        return -1;
    props = mv_qemu_props_new("virtio-balloon-pci");
    mv_qemu_props_add_str(props, "id", id);
    mv_qemu_props_add_pci_address(props, &balloon->info, pcie(def));
    if (balloon->autodeflate != MV_TRISTATE_ABSENT)
        mv_qemu_props_add_onoff(props, "deflate-on-oom", balloon->autodeflate == MV_TRISTATE_YES);
    if (balloon->free_page_reporting != MV_TRISTATE_ABSENT)
        mv_qemu_props_add_onoff(props, "free-page-reporting",
                                balloon->free_page_reporting == MV_TRISTATE_YES);
    mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    return 0;
}

int
mv_qemu_command_add_rngs(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    for (guint i = 0; i < def->rngs->len; i++) {
        const MvDomainRng *rng = g_ptr_array_index(def->rngs, i);
        g_autoptr(MvQemuProps) backend = NULL;
        g_autoptr(MvQemuProps) props = NULL;
        g_autofree char *object_id = NULL;
        const char *id;

        if (rng->model != MV_RNG_MODEL_VIRTIO) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "rng model '%s' is not supported by this QEMU driver",
                            mv_rng_model_to_string(rng->model));
            return -1;
        }
        if (rng->backend == MV_RNG_BACKEND_EGD) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                            "rng backend 'egd' is not supported by this QEMU driver");
            return -1;
        }
        if (mv_qemu_require_device(caps, "virtio-rng-pci", "rng") < 0 ||
            !(id = mv_qemu_device_id(&rng->info, "rng")))
            return -1;

        object_id = g_strdup_printf("obj%s", id);
        if (rng->backend == MV_RNG_BACKEND_RANDOM) {
            backend = mv_qemu_props_new("rng-random");
            mv_qemu_props_add_str(backend, "id", object_id);
            mv_qemu_props_add_str(backend, "filename", rng->file ? rng->file : "/dev/random");
        } else {
            backend = mv_qemu_props_new("rng-builtin");
            mv_qemu_props_add_str(backend, "id", object_id);
        }
        mv_qemu_props_add_to_command(cmd, "-object", g_steal_pointer(&backend));

        props = mv_qemu_props_new("virtio-rng-pci");
        mv_qemu_props_add_str(props, "rng", object_id);
        mv_qemu_props_add_str(props, "id", id);
        if (rng->rate) {
            mv_qemu_props_add_uint(props, "max-bytes", rng->rate);
            mv_qemu_props_add_uint(props, "period", rng->period ? rng->period : 1000);
        }
        mv_qemu_props_add_pci_address(props, &rng->info, pcie(def));
        mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    }
    return 0;
}

int
mv_qemu_command_add_panics(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps)
{
    for (guint i = 0; i < def->panics->len; i++) {
        const MvDomainPanic *panic = g_ptr_array_index(def->panics, i);
        g_autoptr(MvQemuProps) props = NULL;

        if (panic->model != MV_PANIC_MODEL_DEFAULT && panic->model != MV_PANIC_MODEL_ISA) {
            mv_report_error(VIR_ERR_CONFIG_UNSUPPORTED, "panic model '%s' is not supported by this QEMU driver",
                            mv_panic_model_to_string(panic->model));
            return -1;
        }
        if (mv_qemu_require_device(caps, "pvpanic", "panic") < 0)
            return -1;
        props = mv_qemu_props_new("pvpanic");
        if (panic->info.address.type == MV_DOMAIN_ADDRESS_ISA && panic->info.address.u.isa.iobase)
            mv_qemu_props_add_uint(props, "ioport", panic->info.address.u.isa.iobase);
        mv_qemu_props_add_to_command(cmd, "-device", g_steal_pointer(&props));
    }
    return 0;
}
