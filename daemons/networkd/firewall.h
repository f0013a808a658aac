/* A network's nftables rules: the ruleset text from its definition, loading it and removing it. */
#pragma once

#include <glib.h>

#include "conf/network.h"

/* Each network owns one table, "table inet modvirt-NAME", and nothing
 * else: applying replaces that table in one nft transaction, removing
 * deletes it, and no other table is ever read or changed. */

/* "modvirt-NAME". NULL and VIR_ERR_CONFIG_UNSUPPORTED when the network's
 * name holds a character an nft identifier cannot (only letters, digits,
 * '_', '.' and '-' can). Caller frees. */
char *mv_firewall_table_name(const char *net_name);

/* The ruleset file for the network (a pure function): it deletes the
 * network's table and creates it again with the rules of the forward mode
 * (nat, route, isolated), so loading it twice is loading it once. The
 * empty string for modes modvirt keeps no rules for (open, bridge,
 * macvtap and hostdev modes). NULL with an error naming the network when
 * the definition has no bridge or a name nft cannot hold. Caller frees. */
char *mv_firewall_generate(const MvNetworkDef *def);

/* Writes the ruleset to path (atomically) and loads it with `nft -f path`
 * in the calling thread's network namespace. For a mode without rules,
 * removes the table instead and writes no file. */
int mv_firewall_apply(const MvNetworkDef *def, const char *path);

/* Deletes the network's table; a table that is not there is no error. */
int mv_firewall_remove(const char *net_name);
