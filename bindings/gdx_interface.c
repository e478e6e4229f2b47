// gdx_interface.c: looks the engine's interface functions up once, and the
// small helpers every other C file needs (names, references, errors).
#include <string.h>
#include "gdx.h"

GDExtensionClassLibraryPtr gdx_library;
GDExtensionInterfaceVariantGetType gdx_variant_get_type;
GDExtensionInterfaceVariantCanConvertStrict gdx_variant_can_convert_strict;
GDExtensionInterfaceVariantConstruct gdx_variant_construct;
GDExtensionInterfaceVariantDestroy gdx_variant_destroy;
GDExtensionInterfaceVariantStringify gdx_variant_stringify;
GDExtensionInterfaceVariantGetObjectInstanceId gdx_variant_get_object_instance_id;
GDExtensionInterfaceObjectGetInstanceFromId gdx_object_get_instance_from_id;
GDExtensionInterfaceObjectCastTo gdx_object_cast_to;
GDExtensionInterfaceRefSetObject gdx_ref_set_object;
GDExtensionInterfaceObjectMethodBindPtrcall gdx_method_bind_ptrcall;
GDExtensionInterfaceClassdbConstructObject2 gdx_construct_object;
GDExtensionInterfaceObjectSetInstance gdx_object_set_instance;
GDExtensionInterfaceClassdbGetClassTag gdx_get_class_tag;
GDExtensionInterfaceClassdbRegisterExtensionClass4 gdx_register_class4;
GDExtensionInterfaceClassdbRegisterExtensionClassMethod gdx_register_method_fn;
GDExtensionInterfaceClassdbRegisterExtensionClassIntegerConstant gdx_register_constant_fn;
GDExtensionInterfaceClassdbRegisterExtensionClassProperty gdx_register_property_fn;
GDExtensionInterfaceClassdbUnregisterExtensionClass gdx_unregister_class_fn;

GDExtensionVariantGetInternalPtrFunc gdx_internal_ptr[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];
GDExtensionVariantFromTypeConstructorFunc gdx_from_type[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];
GDExtensionPtrConstructor gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];
GDExtensionPtrDestructor gdx_dtor[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];

static GDExtensionInterfaceStringNewWithUtf8CharsAndLen2 string_new_utf8;
static GDExtensionInterfaceStringNameNewWithUtf8Chars string_name_new_utf8;
static GDExtensionInterfacePrintErrorWithMessage print_error_with_message;

#define LOAD(var, type, name)                              \
	do {                                                   \
		var = (type)get(name);                             \
		if (var == NULL) {                                 \
			return 0;                                      \
		}                                                  \
	} while (0)

int gdx_load(void *get_proc_address, void *library) {
	GDExtensionInterfaceGetProcAddress get = (GDExtensionInterfaceGetProcAddress)get_proc_address;
	gdx_library = (GDExtensionClassLibraryPtr)library;
	GDExtensionInterfaceGetVariantGetInternalPtrFunc get_internal;
	GDExtensionInterfaceGetVariantFromTypeConstructor get_from_type;
	GDExtensionInterfaceVariantGetPtrConstructor get_ctor;
	GDExtensionInterfaceVariantGetPtrDestructor get_dtor;

	LOAD(gdx_variant_get_type, GDExtensionInterfaceVariantGetType, "variant_get_type");
	LOAD(gdx_variant_can_convert_strict, GDExtensionInterfaceVariantCanConvertStrict, "variant_can_convert_strict");
	LOAD(gdx_variant_construct, GDExtensionInterfaceVariantConstruct, "variant_construct");
	LOAD(gdx_variant_destroy, GDExtensionInterfaceVariantDestroy, "variant_destroy");
	LOAD(gdx_variant_stringify, GDExtensionInterfaceVariantStringify, "variant_stringify");
	LOAD(gdx_variant_get_object_instance_id, GDExtensionInterfaceVariantGetObjectInstanceId, "variant_get_object_instance_id");
	LOAD(gdx_object_get_instance_from_id, GDExtensionInterfaceObjectGetInstanceFromId, "object_get_instance_from_id");
	LOAD(gdx_object_cast_to, GDExtensionInterfaceObjectCastTo, "object_cast_to");
	LOAD(gdx_ref_set_object, GDExtensionInterfaceRefSetObject, "ref_set_object");
	LOAD(gdx_method_bind_ptrcall, GDExtensionInterfaceObjectMethodBindPtrcall, "object_method_bind_ptrcall");
	LOAD(gdx_construct_object, GDExtensionInterfaceClassdbConstructObject2, "classdb_construct_object2");
	LOAD(gdx_object_set_instance, GDExtensionInterfaceObjectSetInstance, "object_set_instance");
	LOAD(gdx_get_class_tag, GDExtensionInterfaceClassdbGetClassTag, "classdb_get_class_tag");
	LOAD(gdx_register_class4, GDExtensionInterfaceClassdbRegisterExtensionClass4, "classdb_register_extension_class4");
	LOAD(gdx_register_method_fn, GDExtensionInterfaceClassdbRegisterExtensionClassMethod, "classdb_register_extension_class_method");
	LOAD(gdx_register_constant_fn, GDExtensionInterfaceClassdbRegisterExtensionClassIntegerConstant, "classdb_register_extension_class_integer_constant");
	LOAD(gdx_register_property_fn, GDExtensionInterfaceClassdbRegisterExtensionClassProperty, "classdb_register_extension_class_property");
	LOAD(gdx_unregister_class_fn, GDExtensionInterfaceClassdbUnregisterExtensionClass, "classdb_unregister_extension_class");
	LOAD(string_new_utf8, GDExtensionInterfaceStringNewWithUtf8CharsAndLen2, "string_new_with_utf8_chars_and_len2");
	LOAD(string_name_new_utf8, GDExtensionInterfaceStringNameNewWithUtf8Chars, "string_name_new_with_utf8_chars");
	LOAD(print_error_with_message, GDExtensionInterfacePrintErrorWithMessage, "print_error_with_message");
	LOAD(get_internal, GDExtensionInterfaceGetVariantGetInternalPtrFunc, "variant_get_ptr_internal_getter");
	LOAD(get_from_type, GDExtensionInterfaceGetVariantFromTypeConstructor, "get_variant_from_type_constructor");
	LOAD(get_ctor, GDExtensionInterfaceVariantGetPtrConstructor, "variant_get_ptr_constructor");
	LOAD(get_dtor, GDExtensionInterfaceVariantGetPtrDestructor, "variant_get_ptr_destructor");

	for (int t = 1; t < GDEXTENSION_VARIANT_TYPE_VARIANT_MAX; t++) {
		gdx_internal_ptr[t] = get_internal((GDExtensionVariantType)t);
		gdx_from_type[t] = get_from_type((GDExtensionVariantType)t);
		if (t >= GDEXTENSION_VARIANT_TYPE_STRING && t != GDEXTENSION_VARIANT_TYPE_OBJECT) {
			gdx_default_ctor[t] = get_ctor((GDExtensionVariantType)t, 0);
			gdx_dtor[t] = get_dtor((GDExtensionVariantType)t);
		}
	}
	return gdx_values_load(get) && gdx_engine_load(get);
}

void *gdx_string_name_new(const char *utf8) {
	void *sn = calloc(1, GDX_SIZE_STRING_NAME);
	string_name_new_utf8(sn, utf8);
	return sn;
}

void gdx_string_name_free(void *sn) {
	if (sn == NULL) {
		return;
	}
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING_NAME](sn);
	free(sn);
}

void gdx_string_new(void *s, const char *utf8, int64_t len) {
	if (utf8 == NULL || len == 0) {
		utf8 = "";
		len = 0;
	}
	string_new_utf8(s, utf8, len);
}

void gdx_ret_object(void *ret, int ptrcall, void *obj) {
	if (ptrcall) {
		gdx_ref_set_object(ret, obj);
	} else {
		gdx_from_type[GDEXTENSION_VARIANT_TYPE_OBJECT](ret, &obj);
	}
}

void *gdx_ref_new(void *obj) {
	void *ref = calloc(1, sizeof(void *));
	if (obj != NULL) {
		gdx_ref_set_object(ref, obj);
	}
	return ref;
}

void gdx_ref_free(void *ref) {
	if (ref == NULL) {
		return;
	}
	if (*(void **)ref != NULL) {
		gdx_ref_set_object(ref, NULL);
	}
	free(ref);
}

void gdx_print_error(const char *function, const char *msg) {
	print_error_with_message(msg, msg, function, "GoHTTPClient", 0, 0);
}
