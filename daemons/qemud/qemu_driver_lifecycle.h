/* The QEMU driver's calls that change a guest's run state: create, destroy, shutdown, reboot, suspend, resume. */
#pragma once

#include "qemu_driver.h"

int mv_qemu_domain_create(MvRpcServerClient *client, remote_domain_create_args *args);
int mv_qemu_domain_create_with_flags(MvRpcServerClient *client,
                                     remote_domain_create_with_flags_args *args,
                                     remote_domain_create_with_flags_ret *ret);
int mv_qemu_domain_create_xml(MvRpcServerClient *client, remote_domain_create_xml_args *args,
                              remote_domain_create_xml_ret *ret);
int mv_qemu_domain_destroy(MvRpcServerClient *client, remote_domain_destroy_args *args);
int mv_qemu_domain_destroy_flags(MvRpcServerClient *client,
                                 remote_domain_destroy_flags_args *args);
int mv_qemu_domain_shutdown(MvRpcServerClient *client, remote_domain_shutdown_args *args);
int mv_qemu_domain_shutdown_flags(MvRpcServerClient *client,
                                  remote_domain_shutdown_flags_args *args);
int mv_qemu_domain_reboot(MvRpcServerClient *client, remote_domain_reboot_args *args);
int mv_qemu_domain_suspend(MvRpcServerClient *client, remote_domain_suspend_args *args);
int mv_qemu_domain_resume(MvRpcServerClient *client, remote_domain_resume_args *args);
