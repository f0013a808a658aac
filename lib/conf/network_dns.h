/* A network's <dns> element: enable, forwardPlainNames, forwarders, txt, host and srv records. */
#pragma once

#include <glib.h>

#include "netaddr.h"
#include "xml.h"

typedef struct {
    char *domain;
    MvIPAddr addr;
} MvDnsForwarder;

typedef struct {
    char *name;
    char *value;
} MvDnsTxt;

typedef struct {
    MvIPAddr ip;
    char **names;       /* NULL-terminated */
} MvDnsHost;

typedef struct {
    char *service;
    char *protocol;
    char *domain;
    char *target;
    unsigned int port;
    unsigned int priority;
    unsigned int weight;
} MvDnsSrv;

typedef struct {
    MvTristate enable;
    MvTristate forward_plain_names;
    MvDnsForwarder *forwarders;
    size_t nforwarders;
    MvDnsTxt *txts;
    size_t ntxts;
    MvDnsHost *hosts;
    size_t nhosts;
    MvDnsSrv *srvs;
    size_t nsrvs;
} MvNetworkDns;

void mv_network_dns_clear(MvNetworkDns *dns);
int mv_network_dns_parse(const char *net_name, const xmlNode *node, MvNetworkDns *ret_dns);
void mv_network_dns_format(MvXmlBuf *buf, const MvNetworkDns *dns);
