/* networkd's procedures of modvirt's internal program: the VF port of an <interface type='hostdev'>. */
#pragma once

#include "protocol/internal_dispatch.h"

/* For MvDaemonDesc.internal_handlers (modvirt-networkd and its test twin). */
extern const MvInternalHandlers mv_network_internal_handlers;
