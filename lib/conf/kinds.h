/* The table of XML document kinds: name -> parse, format, free, shared by modvirt-xml and the conf tests. */
#pragma once

#include <glib.h>

/* Flags of MvConfKind.format. */
typedef enum {
    MV_CONF_FORMAT_INACTIVE = 1 << 0,   /* leave out live-only state */
} MvConfFormatFlags;

typedef struct {
    const char *name;   /* "network": also the folder tests/conf/<name>/ */
    const char *root;   /* root element of its documents: "network" */
    /* Parses and validates a whole document; NULL after reporting. */
    void *(*parse)(const char *xml);
    /* The canonical form; never fails for an object parse returned. */
    char *(*format)(const void *obj, unsigned int flags);
    void (*free)(void *obj);
} MvConfKind;

const MvConfKind *mv_conf_kind_by_name(const char *name);
const MvConfKind *mv_conf_kind_by_root(const char *root);

/* Reports VIR_ERR_XML_ERROR when the document does not parse or its root
 * element names no known kind. */
const MvConfKind *mv_conf_kind_for_document(const char *xml);

/* The kinds, NULL-terminated, in table order. */
const MvConfKind *const *mv_conf_kinds(void);
