/* Reading QMP's JSON defensively: a missing or mistyped member reads as absent, never as a critical warning. */
#pragma once

#include <json-glib/json-glib.h>
#include <stdbool.h>

/* NULL when node is NULL or holds something else. */
JsonObject *mv_qemu_json_node_object(JsonNode *node);
JsonArray *mv_qemu_json_node_array(JsonNode *node);
/* Each member getter returns NULL / def when obj is NULL, the member is
 * missing, or it has another type. */
JsonObject *mv_qemu_json_get_object(JsonObject *obj, const char *name);
JsonArray *mv_qemu_json_get_array(JsonObject *obj, const char *name);
const char *mv_qemu_json_get_string(JsonObject *obj, const char *name);
gint64 mv_qemu_json_get_int(JsonObject *obj, const char *name, gint64 def);
bool mv_qemu_json_get_bool(JsonObject *obj, const char *name, bool def);
/* The string at index i of arr, or NULL. */
const char *mv_qemu_json_array_get_string(JsonArray *arr, guint i);
/* Serializes node (compact); caller frees. */
char *mv_qemu_json_to_string(JsonNode *node);
