/* libFuzzer target: arbitrary bytes as a <network> document through lib/conf; what parses must format to a fixed point. */
#define MV_FROM_THIS VIR_FROM_XML

#include "conf-kind-fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return conf_kind_fuzz_one("network", data, size);
}
