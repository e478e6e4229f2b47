// gdx_client.c: registers the class GoHTTPClient (inherits RefCounted).
// Each instance is a RefCounted whose extension instance is a handle of
// the Go client state: made by ghcClientNew, released by ghcClientFree when
// the last reference goes. No get/set/property-list callbacks, so property
// access costs what the built-in's does.
#include <string.h>
#include "gdx.h"
#include "_cgo_export.h"

static void *class_sn, *parent_sn;

static GDExtensionObjectPtr create_instance(void *class_userdata, GDExtensionBool notify_postinitialize) {
	(void)class_userdata;
	(void)notify_postinitialize;
	void *obj = gdx_construct_object(parent_sn);
	gdx_object_set_instance(obj, class_sn, (GDExtensionClassInstancePtr)ghcClientNew());
	return obj;
}

static void free_instance(void *class_userdata, GDExtensionClassInstancePtr instance) {
	(void)class_userdata;
	ghcClientFree((uintptr_t)instance);
}

void gdx_client_register_class(const char *name) {
	class_sn = gdx_string_name_new(name);
	parent_sn = gdx_string_name_new("RefCounted");
	GDExtensionClassCreationInfo4 info;
	memset(&info, 0, sizeof(info));
	info.is_exposed = 1;
	info.create_instance_func = create_instance;
	info.free_instance_func = free_instance;
	gdx_register_class4(gdx_library, class_sn, parent_sn, &info);
}

void gdx_client_unregister_class(void) {
	if (class_sn == NULL) {
		return; // never registered (the engine lacked something the binding needs)
	}
	gdx_unregister_class_fn(gdx_library, class_sn);
	gdx_string_name_free(class_sn);
	gdx_string_name_free(parent_sn);
	class_sn = parent_sn = NULL;
}
