/* The QEMU driver's domain calls that change no guest's run state: list, lookups, define, undefine, getters, autostart. */
#pragma once

#include "qemu_driver.h"

int mv_qemu_connect_list_all_domains(MvRpcServerClient *client,
                                     remote_connect_list_all_domains_args *args,
                                     remote_connect_list_all_domains_ret *ret);
int mv_qemu_domain_lookup_by_id(MvRpcServerClient *client, remote_domain_lookup_by_id_args *args,
                                remote_domain_lookup_by_id_ret *ret);
int mv_qemu_domain_lookup_by_name(MvRpcServerClient *client,
                                  remote_domain_lookup_by_name_args *args,
                                  remote_domain_lookup_by_name_ret *ret);
int mv_qemu_domain_lookup_by_uuid(MvRpcServerClient *client,
                                  remote_domain_lookup_by_uuid_args *args,
                                  remote_domain_lookup_by_uuid_ret *ret);
int mv_qemu_domain_define_xml(MvRpcServerClient *client, remote_domain_define_xml_args *args,
                              remote_domain_define_xml_ret *ret);
int mv_qemu_domain_define_xml_flags(MvRpcServerClient *client,
                                    remote_domain_define_xml_flags_args *args,
                                    remote_domain_define_xml_flags_ret *ret);
int mv_qemu_domain_undefine(MvRpcServerClient *client, remote_domain_undefine_args *args);
int mv_qemu_domain_undefine_flags(MvRpcServerClient *client,
                                  remote_domain_undefine_flags_args *args);
int mv_qemu_domain_get_xml_desc(MvRpcServerClient *client, remote_domain_get_xml_desc_args *args,
                                remote_domain_get_xml_desc_ret *ret);
int mv_qemu_domain_get_info(MvRpcServerClient *client, remote_domain_get_info_args *args,
                            remote_domain_get_info_ret *ret);
int mv_qemu_domain_get_state(MvRpcServerClient *client, remote_domain_get_state_args *args,
                             remote_domain_get_state_ret *ret);
int mv_qemu_domain_get_os_type(MvRpcServerClient *client, remote_domain_get_os_type_args *args,
                               remote_domain_get_os_type_ret *ret);
int mv_qemu_domain_get_max_memory(MvRpcServerClient *client,
                                  remote_domain_get_max_memory_args *args,
                                  remote_domain_get_max_memory_ret *ret);
int mv_qemu_domain_get_vcpus_flags(MvRpcServerClient *client,
                                   remote_domain_get_vcpus_flags_args *args,
                                   remote_domain_get_vcpus_flags_ret *ret);
int mv_qemu_domain_is_active(MvRpcServerClient *client, remote_domain_is_active_args *args,
                             remote_domain_is_active_ret *ret);
int mv_qemu_domain_is_persistent(MvRpcServerClient *client,
                                 remote_domain_is_persistent_args *args,
                                 remote_domain_is_persistent_ret *ret);
int mv_qemu_domain_get_autostart(MvRpcServerClient *client,
                                 remote_domain_get_autostart_args *args,
                                 remote_domain_get_autostart_ret *ret);
int mv_qemu_domain_set_autostart(MvRpcServerClient *client,
                                 remote_domain_set_autostart_args *args);
int mv_qemu_domain_has_managed_save_image(MvRpcServerClient *client,
                                          remote_domain_has_managed_save_image_args *args,
                                          remote_domain_has_managed_save_image_ret *ret);
int mv_qemu_domain_get_security_label(MvRpcServerClient *client,
                                      remote_domain_get_security_label_args *args,
                                      remote_domain_get_security_label_ret *ret);
int mv_qemu_domain_get_messages(MvRpcServerClient *client, remote_domain_get_messages_args *args,
                                remote_domain_get_messages_ret *ret);
int mv_qemu_domain_snapshot_num(MvRpcServerClient *client, remote_domain_snapshot_num_args *args,
                                remote_domain_snapshot_num_ret *ret);
