/* Guest NUMA HMAT data: the memory-side <cache> of a <cpu><numa><cell> and <numa><interconnects>; parse / validate / format. */
#pragma once

#include <glib.h>

#include <libxml/tree.h>

#include "conf/capabilities_numa.h"
#include "conf/domain.h"
#include "conf/xml.h"

/* The <cache> children of one cell into caches (MvCapsCellCache, the
 * host's HMAT cache description); cell_id names the cell in messages. */
int mv_domain_numa_caches_parse(const xmlNode *cell, unsigned int cell_id, GArray *caches);
void mv_domain_numa_caches_format(MvXmlBuf *buf, const GArray *caches);

/* <latency> and <bandwidth> of the first <interconnects> of numa into
 * interconnects (MvCapsInterconnect), in document order. */
int mv_domain_numa_interconnects_parse(const xmlNode *numa, GArray *interconnects);
void mv_domain_numa_interconnects_format(MvXmlBuf *buf, const GArray *interconnects);

/* Cache levels per cell, and what each interconnect refers to. */
int mv_domain_numa_hmat_validate(const MvDomainCpu *cpu);
