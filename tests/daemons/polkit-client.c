/* A libmodvirt program for test-daemon-polkit.sh: opens URI read-write, lists the networks, prints what happened on one line. */
#include <stdio.h>
#include <stdlib.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* The test reads the error from stdout, on one line. */
static void
quiet(void *opaque, virErrorPtr err)
{
}

static int
print_error(void)
{
    virErrorPtr err = virGetLastError();

    if (!err) {
        printf("error without a last error\n");
        return 1;
    }
    printf("error %d %d %s\n", err->code, err->domain, err->message ? err->message : "");
    return 1;
}

int
main(int argc, char **argv)
{
    virConnectPtr conn;
    virNetworkPtr *nets = NULL;
    int count;

    if (argc != 2) {
        fprintf(stderr, "usage: %s URI\n", argv[0]);
        return 2;
    }
    virSetErrorFunc(NULL, quiet);

    if (!(conn = virConnectOpen(argv[1])))
        return print_error();
    if ((count = virConnectListAllNetworks(conn, &nets, 0)) < 0) {
        print_error();
        virConnectClose(conn);
        return 1;
    }

    printf("listed %d networks\n", count);
    for (int i = 0; i < count; i++)
        virNetworkFree(nets[i]);
    free(nets);
    virConnectClose(conn);
    return 0;
}
