/* libFuzzer target: arbitrary bytes as a <networkport> document through lib/conf; what parses must format to a fixed point. */
#define MV_FROM_THIS VIR_FROM_XML

#include "conf-kind-fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* As libvirt's, the first output may change once when read again
     * (e.g. a rate with average 0 leaves an empty <bandwidth>). */
    return conf_kind_fuzz_check("networkport", CONF_FUZZ_SETTLES_ONCE, data, size);
}
