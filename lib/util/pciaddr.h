/* PCI addresses: domain:bus:slot.function, parsed, formatted and compared. */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct {
    unsigned int domain;     /* 0 .. 0xffff */
    unsigned int bus;        /* 0 .. 0xff */
    unsigned int slot;       /* 0 .. 0x1f */
    unsigned int function;   /* 0 .. 7 */
} MvPciAddr;

/* "0000:00:1f.2" or "00:1f.2" (domain 0). Reports VIR_ERR_INVALID_ARG
 * naming the text and the field out of range. */
int mv_pci_addr_parse(const char *str, MvPciAddr *ret_addr);

/* "0000:00:1f.2", as sysfs names devices; the caller frees. */
char *mv_pci_addr_format(const MvPciAddr *addr);

/* Checks each field's range; reports VIR_ERR_XML_ERROR naming the field
 * and value ("PCI slot 0x20 is out of range 0..0x1f"). */
int mv_pci_addr_validate(const MvPciAddr *addr);

bool mv_pci_addr_equal(const MvPciAddr *a, const MvPciAddr *b);
