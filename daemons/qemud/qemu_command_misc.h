/* The small devices on the QEMU command line: audio backends, watchdog, memory balloon, random number generators, panic notifier. */
#pragma once

#include "conf/domain.h"
#include "qemu_capabilities.h"
#include "util/command.h"

/* -audiodev for each <audio> (the 'none' backend only). */
int mv_qemu_command_add_audios(MvCommand *cmd, const MvDomainDef *def);
/* i6300esb or ib700, and -watchdog-action. */
int mv_qemu_command_add_watchdog(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
/* virtio-balloon-pci (nothing for model 'none'). */
int mv_qemu_command_add_memballoon(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
/* -object rng-random / rng-builtin and virtio-rng-pci. */
int mv_qemu_command_add_rngs(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
/* pvpanic for an ISA panic device. */
int mv_qemu_command_add_panics(MvCommand *cmd, const MvDomainDef *def, const MvQemuCaps *caps);
