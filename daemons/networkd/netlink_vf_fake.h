/* FAKE netlink for VF settings, for tests only: answers from and records into files of a directory instead of the kernel. */
#pragma once

#include "netlink_vf.h"

/* Files in dir (kept across daemon restarts, so a test can kill -9):
 *   netlink-vf.ini  the fake kernel's state, a key file the test may seed:
 *                   [link NAME] ifindex=N, and [vf IFINDEX/N] mac= vlan= qos= profile=;
 *                   a link without a group does not exist, a VF without one
 *                   reads as MAC 00:00:00:00:00:00, VLAN 0, QoS 0;
 *   netlink-vf.log  one line per change request, in order:
 *                   set_vf ifindex=7 vf=1 mac=52:54:00:6d:90:02 vlan=42 qos=0
 *                   set_port ifindex=7 vf=1 type=802.1Qbh request=associate profileid=P instance=UUID
 *                   set_port ifindex=7 vf=1 type=802.1Qbg request=associate managerid=M typeid=T typeidversion=V instanceid=UUID
 *   block-set       a FAKE test hook (the test makes and removes it): while it
 *                   exists every set request waits before it is applied
 *                   (at most 90 s, then fails), and
 *   blocked-set     holds the waiting request's log line, so that a test can
 *                   kill -9 the daemon inside its call;
 *   fail-set        a FAKE test hook too: the next set request removes it and
 *                   fails, changing nothing and logging nothing;
 * Installs itself as the seam's implementation. dir must exist. */
void mv_netlink_vf_fake_install(const char *dir);

extern const MvNetlinkVfOps mv_netlink_vf_fake_ops;
