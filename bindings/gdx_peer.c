// gdx_peer.c: the class GoStreamPeer (inherits StreamPeerExtension), what
// get_connection() returns over the client's own connection. It is
// registered here, not through godot-go, because it implements the
// pointer-argument virtuals _get_data, _get_partial_data, _put_data,
// _put_partial_data and _get_available_bytes; each one reaches Go through
// one exported function.
#include <string.h>
#include "gdx.h"
#include "_cgo_export.h"

// Virtuals, numbered from 1: the engine treats a NULL call data as "not
// implemented". The numbers match peerOp in stream_peer.go.
enum {
	V_GET_DATA = 1,
	V_GET_PARTIAL_DATA,
	V_PUT_DATA,
	V_PUT_PARTIAL_DATA,
	V_GET_AVAILABLE_BYTES,
	V_COUNT,
};

static const char *virtual_names[V_COUNT] = {
	NULL, "_get_data", "_get_partial_data", "_put_data", "_put_partial_data", "_get_available_bytes",
};
static void *virtual_sn[V_COUNT];

static const char class_name[] = "GoStreamPeer";
static void *class_sn, *parent_sn;

// A StringName is one pointer to interned data: equal names hold equal pointers.
static int same_name(const void *a, const void *b) {
	return *(void *const *)a == *(void *const *)b;
}

static void *get_virtual_call_data(void *class_userdata, GDExtensionConstStringNamePtr name, uint32_t hash) {
	(void)class_userdata;
	(void)hash;
	for (intptr_t v = 1; v < V_COUNT; v++) {
		if (same_name(name, virtual_sn[v])) {
			return (void *)v;
		}
	}
	return NULL;
}

static void call_virtual(GDExtensionClassInstancePtr instance, GDExtensionConstStringNamePtr name, void *userdata,
		const GDExtensionConstTypePtr *args, GDExtensionTypePtr ret) {
	(void)name;
	int32_t v = (int32_t)(intptr_t)userdata;
	if (v == V_GET_AVAILABLE_BYTES) {
		*(int64_t *)ret = ghcPeerAvailable((uintptr_t)instance);
		return;
	}
	// (uint8_t *buffer, int bytes, int32_t *done): each argument is a pointer
	// to the value, the int as int64_t.
	uint8_t *buf = *(uint8_t *const *)args[0];
	int64_t n = *(const int64_t *)args[1];
	int32_t *done = *(int32_t *const *)args[2];
	*(int64_t *)ret = ghcPeerIO((uintptr_t)instance, v, buf, n, done);
}

void *gdx_peer_new(uintptr_t handle) {
	void *obj = gdx_construct_object(parent_sn);
	gdx_object_set_instance(obj, class_sn, (GDExtensionClassInstancePtr)handle);
	return obj;
}

static GDExtensionObjectPtr create_instance(void *class_userdata, GDExtensionBool notify_postinitialize) {
	(void)class_userdata;
	(void)notify_postinitialize;
	return gdx_peer_new(ghcPeerNewDetached());
}

static void free_instance(void *class_userdata, GDExtensionClassInstancePtr instance) {
	(void)class_userdata;
	ghcPeerFree((uintptr_t)instance);
}

void gdx_peer_register_class(void) {
	for (int v = 1; v < V_COUNT; v++) {
		virtual_sn[v] = gdx_string_name_new(virtual_names[v]);
	}
	class_sn = gdx_string_name_new(class_name);
	parent_sn = gdx_string_name_new("StreamPeerExtension");
	GDExtensionClassCreationInfo4 info;
	memset(&info, 0, sizeof(info));
	info.is_abstract = 1; // made by get_connection() only
	info.is_exposed = 1;
	info.create_instance_func = create_instance;
	info.free_instance_func = free_instance;
	info.get_virtual_call_data_func = get_virtual_call_data;
	info.call_virtual_with_data_func = call_virtual;
	gdx_register_class4(gdx_library, class_sn, parent_sn, &info);
}

void gdx_peer_unregister_class(void) {
	if (class_sn == NULL) {
		return; // never registered (the engine lacked something the binding needs)
	}
	gdx_unregister_class_fn(gdx_library, class_sn);
	gdx_string_name_free(class_sn);
	gdx_string_name_free(parent_sn);
	class_sn = parent_sn = NULL;
	for (int v = 1; v < V_COUNT; v++) {
		gdx_string_name_free(virtual_sn[v]);
		virtual_sn[v] = NULL;
	}
}
