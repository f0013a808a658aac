/* Reading QMP's JSON defensively: a missing or mistyped member reads as absent, never as a critical warning. */
#define MV_LOG_MODULE "qemu.monitor"
#define MV_FROM_THIS VIR_FROM_QEMU

#include "qemu_monitor_json.h"

static JsonNode *
get_value_node(JsonObject *obj, const char *name, GType type)
{
    JsonNode *node;

    if (!obj || !(node = json_object_get_member(obj, name)))
        return NULL;
    if (json_node_get_node_type(node) != JSON_NODE_VALUE || json_node_get_value_type(node) != type)
        return NULL;
    return node;
}

JsonObject *
mv_qemu_json_node_object(JsonNode *node)
{
    if (!node || json_node_get_node_type(node) != JSON_NODE_OBJECT)
        return NULL;
    return json_node_get_object(node);
}

JsonArray *
mv_qemu_json_node_array(JsonNode *node)
{
    if (!node || json_node_get_node_type(node) != JSON_NODE_ARRAY)
        return NULL;
    return json_node_get_array(node);
}

JsonObject *
mv_qemu_json_get_object(JsonObject *obj, const char *name)
{
    return obj ? mv_qemu_json_node_object(json_object_get_member(obj, name)) : NULL;
}

JsonArray *
mv_qemu_json_get_array(JsonObject *obj, const char *name)
{
    return obj ? mv_qemu_json_node_array(json_object_get_member(obj, name)) : NULL;
}

const char *
mv_qemu_json_get_string(JsonObject *obj, const char *name)
{
    JsonNode *node = get_value_node(obj, name, G_TYPE_STRING);

    return node ? json_node_get_string(node) : NULL;
}

gint64
mv_qemu_json_get_int(JsonObject *obj, const char *name, gint64 def)
{
    JsonNode *node = get_value_node(obj, name, G_TYPE_INT64);

    return node ? json_node_get_int(node) : def;
}

bool
mv_qemu_json_get_bool(JsonObject *obj, const char *name, bool def)
{
    JsonNode *node = get_value_node(obj, name, G_TYPE_BOOLEAN);

    return node ? json_node_get_boolean(node) : def;
}

const char *
mv_qemu_json_array_get_string(JsonArray *arr, guint i)
{
    JsonNode *node;

    if (!arr || i >= json_array_get_length(arr))
        return NULL;
    node = json_array_get_element(arr, i);
    if (json_node_get_node_type(node) != JSON_NODE_VALUE ||
        json_node_get_value_type(node) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(node);
}

char *
mv_qemu_json_to_string(JsonNode *node)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();

    json_generator_set_root(gen, node);
    return json_generator_to_data(gen, NULL);
}
