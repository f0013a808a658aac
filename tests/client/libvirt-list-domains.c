/* A classic libvirt example program, written for libvirt: it must build and run unchanged against modvirt. */
#include <stdio.h>
#include <stdlib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

int
main(int argc, char *argv[])
{
    virConnectPtr conn;
    virDomainPtr *domains;
    int i, ret, numActive;
    int *activeDomains;

    conn = virConnectOpenReadOnly("test:///default");
    if (conn == NULL) {
        fprintf(stderr, "Failed to open connection to test:///default\n");
        return 1;
    }

    numActive = virConnectNumOfDomains(conn);
    activeDomains = malloc(sizeof(int) * numActive);
    numActive = virConnectListDomains(conn, activeDomains, numActive);
    printf("Active domain IDs:\n");
    for (i = 0; i < numActive; i++)
        printf("  %d\n", activeDomains[i]);
    free(activeDomains);

    ret = virConnectListAllDomains(conn, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE |
                                   VIR_CONNECT_LIST_DOMAINS_INACTIVE);
    if (ret < 0) {
        virErrorPtr err = virGetLastError();
        fprintf(stderr, "list failed: %s\n", err ? err->message : "?");
        virConnectClose(conn);
        return 1;
    }
    for (i = 0; i < ret; i++) {
        virDomainInfo info;
        if (virDomainGetInfo(domains[i], &info) == 0)
            printf("%s state=%d mem=%lu vcpus=%d\n", virDomainGetName(domains[i]),
                   info.state, info.memory, info.nrVirtCpu);
        virDomainFree(domains[i]);
    }
    free(domains);

    if (numActive != 1 || ret != 1)
        return 1;
    virConnectClose(conn);
    return 0;
}
