/* Node device procedures that only read the device list: lists, lookups, XML, parent, capabilities. */
#pragma once

#include "protocol/remote_dispatch.h"

int mv_nodedev_driver_num_of_devices(MvRpcServerClient *client,
                                     remote_node_num_of_devices_args *args,
                                     remote_node_num_of_devices_ret *ret);
int mv_nodedev_driver_list_devices(MvRpcServerClient *client,
                                   remote_node_list_devices_args *args,
                                   remote_node_list_devices_ret *ret);
int mv_nodedev_driver_list_all(MvRpcServerClient *client,
                               remote_connect_list_all_node_devices_args *args,
                               remote_connect_list_all_node_devices_ret *ret);
int mv_nodedev_driver_lookup_by_name(MvRpcServerClient *client,
                                     remote_node_device_lookup_by_name_args *args,
                                     remote_node_device_lookup_by_name_ret *ret);
int mv_nodedev_driver_lookup_scsi_host_by_wwn(MvRpcServerClient *client,
                                              remote_node_device_lookup_scsi_host_by_wwn_args *args,
                                              remote_node_device_lookup_scsi_host_by_wwn_ret *ret);
int mv_nodedev_driver_get_xml_desc(MvRpcServerClient *client,
                                   remote_node_device_get_xml_desc_args *args,
                                   remote_node_device_get_xml_desc_ret *ret);
int mv_nodedev_driver_get_parent(MvRpcServerClient *client,
                                 remote_node_device_get_parent_args *args,
                                 remote_node_device_get_parent_ret *ret);
int mv_nodedev_driver_num_of_caps(MvRpcServerClient *client,
                                  remote_node_device_num_of_caps_args *args,
                                  remote_node_device_num_of_caps_ret *ret);
int mv_nodedev_driver_list_caps(MvRpcServerClient *client,
                                remote_node_device_list_caps_args *args,
                                remote_node_device_list_caps_ret *ret);
