/* PCI addresses: parsing "[DDDD:]BB:SS.F", sysfs-style formatting, range checks. */
#define MV_LOG_MODULE "util.pciaddr"
#define MV_FROM_THIS VIR_FROM_NONE

#include "pciaddr.h"

#include "error.h"
#include "log.h"

typedef struct {
    const char *name;
    unsigned int max;
    const char *range;
} PciField;

enum { PCI_DOMAIN, PCI_BUS, PCI_SLOT, PCI_FUNCTION, PCI_FIELD_LAST };

static const PciField pci_fields[PCI_FIELD_LAST] = {
    [PCI_DOMAIN] = { "domain", 0xffff, "0..0xffff" },
    [PCI_BUS] = { "bus", 0xff, "0..0xff" },
    [PCI_SLOT] = { "slot", 0x1f, "0..0x1f" },
    [PCI_FUNCTION] = { "function", 0x7, "0..7" },
};

/* Index of the first field out of range, or -1 when all fit. */
static int
pci_addr_bad_field(const unsigned long long values[PCI_FIELD_LAST])
{
    int i;

    for (i = 0; i < PCI_FIELD_LAST; i++) {
        if (values[i] > pci_fields[i].max)
            return i;
    }
    return -1;
}

/* One or more hex digits; a value too large for any field saturates rather
 * than wrapping, so the range check still sees it as too large. */
static bool
pci_parse_hex(const char **cur, unsigned long long *ret_value)
{
    const char *p = *cur;
    unsigned long long value = 0;
    int digit;

    if (g_ascii_xdigit_value(*p) < 0)
        return false;
    while ((digit = g_ascii_xdigit_value(*p)) >= 0) {
        value = MIN(value * 16 + digit, (unsigned long long) G_MAXUINT + 1);
        p++;
    }
    *cur = p;
    *ret_value = value;
    return true;
}

int
mv_pci_addr_parse(const char *str, MvPciAddr *ret_addr)
{
    unsigned long long values[PCI_FIELD_LAST] = { 0 };
    unsigned long long first, second;
    const char *cur = str;
    int bad;

    if (!str) {
        mv_report_error(VIR_ERR_INVALID_ARG, "missing PCI address");
        return -1;
    }

    if (!pci_parse_hex(&cur, &first) || *cur++ != ':' ||
        !pci_parse_hex(&cur, &second))
        goto syntax;

    if (*cur == ':') {
        cur++;
        values[PCI_DOMAIN] = first;
        values[PCI_BUS] = second;
        if (!pci_parse_hex(&cur, &values[PCI_SLOT]))
            goto syntax;
    } else {
        values[PCI_BUS] = first;
        values[PCI_SLOT] = second;
    }

    if (*cur++ != '.' || !pci_parse_hex(&cur, &values[PCI_FUNCTION]) || *cur)
        goto syntax;

    if ((bad = pci_addr_bad_field(values)) >= 0) {
        mv_report_error(VIR_ERR_INVALID_ARG,
                        "invalid PCI address '%s': %s 0x%llx is out of range %s",
                        str, pci_fields[bad].name, values[bad], pci_fields[bad].range);
        return -1;
    }

    ret_addr->domain = values[PCI_DOMAIN];
    ret_addr->bus = values[PCI_BUS];
    ret_addr->slot = values[PCI_SLOT];
    ret_addr->function = values[PCI_FUNCTION];
    return 0;

 syntax:
    mv_report_error(VIR_ERR_INVALID_ARG,
                    "invalid PCI address '%s': expected [DDDD:]BB:SS.F in hex", str);
    return -1;
}

char *
mv_pci_addr_format(const MvPciAddr *addr)
{
    return g_strdup_printf("%04x:%02x:%02x.%x",
                           addr->domain, addr->bus, addr->slot, addr->function);
}

int
mv_pci_addr_validate(const MvPciAddr *addr)
{
    const unsigned long long values[PCI_FIELD_LAST] = {
        addr->domain, addr->bus, addr->slot, addr->function,
    };
    int bad = pci_addr_bad_field(values);

    if (bad >= 0) {
        mv_report_error(VIR_ERR_XML_ERROR, "PCI %s 0x%llx is out of range %s",
                        pci_fields[bad].name, values[bad], pci_fields[bad].range);
        return -1;
    }
    return 0;
}

bool
mv_pci_addr_equal(const MvPciAddr *a, const MvPciAddr *b)
{
    return a->domain == b->domain && a->bus == b->bus &&
           a->slot == b->slot && a->function == b->function;
}
