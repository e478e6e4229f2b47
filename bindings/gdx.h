// gdx.h: the C side of the binding. The engine's interface functions are
// looked up once (gdx_load, gdx_load_classes) and kept here; the C helpers
// below are what Go calls to read and build engine values, so that Go never
// calls an interface function pointer itself.
#ifndef GOHTTPCLIENT_GDX_H
#define GOHTTPCLIENT_GDX_H

#include <stdint.h>
#include <stdlib.h>
#include <godot/gdextension_interface.h>

// Sizes of engine values (extension_api.json, float_64 build).
#define GDX_SIZE_STRING 8
#define GDX_SIZE_STRING_NAME 8
#define GDX_SIZE_ARRAY 8
#define GDX_SIZE_DICTIONARY 8
#define GDX_SIZE_PACKED_ARRAY 16
#define GDX_SIZE_VARIANT 24

// The most arguments a bound method takes.
#define GDX_MAX_ARGS 4

// Storage for one engine value of any of the sizes above, suitably aligned.
typedef struct {
	uint64_t words[3];
} gdx_slot;

// ---- interface functions, loaded once (gdx_interface.c) ----
extern GDExtensionClassLibraryPtr gdx_library;
extern GDExtensionInterfaceVariantGetType gdx_variant_get_type;
extern GDExtensionInterfaceVariantCanConvertStrict gdx_variant_can_convert_strict;
extern GDExtensionInterfaceVariantConstruct gdx_variant_construct;
extern GDExtensionInterfaceVariantDestroy gdx_variant_destroy;
extern GDExtensionInterfaceVariantStringify gdx_variant_stringify;
extern GDExtensionInterfaceVariantGetObjectInstanceId gdx_variant_get_object_instance_id;
extern GDExtensionInterfaceObjectGetInstanceFromId gdx_object_get_instance_from_id;
extern GDExtensionInterfaceObjectCastTo gdx_object_cast_to;
extern GDExtensionInterfaceRefSetObject gdx_ref_set_object;
extern GDExtensionInterfaceObjectMethodBindPtrcall gdx_method_bind_ptrcall;
extern GDExtensionInterfaceClassdbConstructObject2 gdx_construct_object;
extern GDExtensionInterfaceObjectSetInstance gdx_object_set_instance;
extern GDExtensionInterfaceClassdbGetClassTag gdx_get_class_tag;
extern GDExtensionInterfaceClassdbRegisterExtensionClass4 gdx_register_class4;
extern GDExtensionInterfaceClassdbRegisterExtensionClassMethod gdx_register_method_fn;
extern GDExtensionInterfaceClassdbRegisterExtensionClassIntegerConstant gdx_register_constant_fn;
extern GDExtensionInterfaceClassdbRegisterExtensionClassProperty gdx_register_property_fn;
extern GDExtensionInterfaceClassdbUnregisterExtensionClass gdx_unregister_class_fn;

// Per variant type: the pointer to the value inside a Variant, the
// conversions between a Variant and a value, and the value's
// default constructor and destructor (NULL where the type needs none).
extern GDExtensionVariantGetInternalPtrFunc gdx_internal_ptr[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];
extern GDExtensionVariantFromTypeConstructorFunc gdx_from_type[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];
extern GDExtensionPtrConstructor gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];
extern GDExtensionPtrDestructor gdx_dtor[GDEXTENSION_VARIANT_TYPE_VARIANT_MAX];

// gdx_load caches the interface functions; returns 0 when one is missing.
int gdx_load(void *get_proc_address, void *library);
int gdx_values_load(GDExtensionInterfaceGetProcAddress get);
int gdx_engine_load(GDExtensionInterfaceGetProcAddress get);
// gdx_load_classes caches class tags and method binds of engine classes
// (valid from the SCENE initialization level); returns 0 when one is missing.
int gdx_load_classes(void);

// ---- names ----
// gdx_string_name_new returns a new StringName in C memory (free with gdx_string_name_free).
void *gdx_string_name_new(const char *utf8);
void gdx_string_name_free(void *sn);
// gdx_class_tag returns the class tag of the engine class named name (NULL
// when there is none).
void *gdx_class_tag(const char *name);
// gdx_string_new constructs a String from UTF-8 at s (uninitialized storage).
void gdx_string_new(void *s, const char *utf8, int64_t len);

// ---- values Go reads and builds (gdx_values.c) ----
// gdx_string_to_cstr returns the UTF-8 of a String, malloc'd, length in *len.
char *gdx_string_to_cstr(const void *s, int64_t *len);
// gdx_string_assign replaces the content of a constructed String.
void gdx_string_assign(void *s, const char *utf8, int64_t len);
// gdx_variant_to_cstr returns str(v) as UTF-8, malloc'd.
char *gdx_variant_to_cstr(const void *v, int64_t *len);
int gdx_variant_type(const void *v);

int64_t gdx_pba_size(const void *a);
const uint8_t *gdx_pba_data(const void *a);
// gdx_pba_resize resizes a constructed PackedByteArray and returns its
// writable data (NULL when n is 0).
uint8_t *gdx_pba_resize(void *a, int64_t n);
// gdx_pba_fresh makes a constructed PackedByteArray a new array of n bytes
// (no copy of what it held, even if shared) and returns its data.
uint8_t *gdx_pba_fresh(void *a, int64_t n);
// gdx_pba_new returns a new empty PackedByteArray in C memory (free with
// gdx_pba_free: it drops the array's reference, then the memory).
void *gdx_pba_new(void);
void gdx_pba_free(void *a);
// gdx_pba_exclusive makes a constructed PackedByteArray n bytes long and
// shared with no other array (the engine's copy-on-write), and returns its
// writable data: nothing is allocated when it already is both.
uint8_t *gdx_pba_exclusive(void *a, int64_t n);
// gdx_pba_share makes the constructed PackedByteArray at dst another
// reference to src's data (no copy).
void gdx_pba_share(void *dst, const void *src);

// gdx_psa_pack returns the strings of a PackedStringArray as one malloc'd
// block: count int64, count lengths int64, then the UTF-8 bytes.
char *gdx_psa_pack(const void *a);
// gdx_psa_unpack makes a constructed PackedStringArray hold count strings
// whose UTF-8 lengths are lens and whose bytes follow each other in data.
void gdx_psa_unpack(void *a, const int64_t *lens, int64_t count, const char *data);
// gdx_dict_unpack empties a constructed Dictionary and fills it with npairs
// String keys and values, laid out as for gdx_psa_unpack (key, value, ...).
void gdx_dict_unpack(void *d, const int64_t *lens, int64_t npairs, const char *data);
// gdx_dict_set_int sets the String key (UTF-8, len bytes) of a constructed
// Dictionary to an int.
void gdx_dict_set_int(void *d, const char *key, int64_t len, int64_t value);

// Dictionary reading for query_string_from_dict: keys into a new Array at
// keys_out (free with gdx_array_free), then one value per key.
int64_t gdx_dict_keys(const void *d, void *keys_out);
const void *gdx_dict_get(const void *d, const void *key);
int64_t gdx_array_size(const void *a);
const void *gdx_array_get(const void *a, int64_t i);
const void *gdx_variant_array(const void *v);
void gdx_array_free(void *a);

// ---- objects ----
// gdx_ret_object stores obj as a method's return: into a Ref (ptrcall) or a Variant.
void gdx_ret_object(void *ret, int ptrcall, void *obj);
// gdx_ref_new returns C storage holding a strong reference to obj (NULL obj: empty).
void *gdx_ref_new(void *obj);
// gdx_ref_free drops the reference and frees the storage.
void gdx_ref_free(void *ref);

// ---- errors ----
void gdx_print_error(const char *function, const char *msg);

// ---- engine objects the binding uses (gdx_engine.c) ----
enum {
	GDX_PEER_GENERIC = 0,
	GDX_PEER_TCP = 1,
	GDX_PEER_TLS = 2,
};
// gdx_peer_kind tells what a StreamPeer is; -1 when obj is not a StreamPeer.
int gdx_peer_kind(void *obj);
// StreamPeer.get_partial_data / put_partial_data, or with all set the
// blocking get_data / put_data, into / from C-visible bytes. They return
// the Godot Error.
int64_t gdx_peer_get(void *peer, uint8_t *buf, int64_t n, int64_t *got, int all);
int64_t gdx_peer_put(void *peer, const uint8_t *buf, int64_t n, int64_t *sent, int all);
// gdx_peer_poll polls a StreamPeerTCP or StreamPeerTLS and returns its get_status().
int64_t gdx_peer_poll(void *peer, int kind);

// gdx_tls_read reads a TLSOptions: flags, common name and CA chain PEM
// (both malloc'd, NULL when empty); *pem_from_file is set when the chain
// was read from its resource file rather than from save_to_string().
void gdx_tls_read(void *opts, int *is_server, int *is_unsafe, char **cn, int64_t *cn_len, char **pem, int64_t *pem_len, int *pem_from_file);
// gdx_ca_bundle_override returns the bytes of the file named by the project
// setting network/tls/certificate_bundle_override, malloc'd; NULL when unset.
// *missing is set when the setting names a file that cannot be read.
uint8_t *gdx_ca_bundle_override(int64_t *len, int *missing, char **path);

// ---- classes (gdx_methods.c, gdx_peer.c) ----
typedef struct {
	const char *name;
	int32_t type;
	const char *class_name;
	uint32_t hint;
	const char *hint_string;
	uint32_t usage;
	int32_t meta;
} gdx_arg_desc;

enum {
	GDX_DEFAULT_INT = 1,
	GDX_DEFAULT_NULL_OBJECT = 2,
	GDX_DEFAULT_STRING = 3,
};

typedef struct {
	int32_t id;
	const char *name;
	uint32_t flags;
	int32_t argc;
	gdx_arg_desc args[GDX_MAX_ARGS];
	int32_t has_ret;
	gdx_arg_desc ret;
	// Defaults for the last ndefaults arguments, kind and value by argument index.
	int32_t ndefaults;
	int32_t default_kind[GDX_MAX_ARGS];
	int64_t default_int[GDX_MAX_ARGS];
	const char *default_str[GDX_MAX_ARGS];
} gdx_method_desc;

// gdx_register_method registers one method of class_name; returns the
// method's userdata (free with gdx_method_free after the class is gone).
void *gdx_register_method(const char *class_name, const gdx_method_desc *d);
void gdx_method_free(void *m);
void gdx_register_constant(const char *class_name, const char *enum_name, const char *name, int64_t value);
void gdx_register_property(const char *class_name, const gdx_arg_desc *info, const char *setter, const char *getter);

// GoHTTPClient: a RefCounted whose instances are Go client states.
void gdx_client_register_class(const char *name);
void gdx_client_unregister_class(void);

// GoStreamPeer: registered with the virtuals of StreamPeerExtension.
void gdx_peer_register_class(void);
void gdx_peer_unregister_class(void);
// gdx_peer_new makes a GoStreamPeer whose instance is handle.
void *gdx_peer_new(uintptr_t handle);

// ---- editor help (gdx_docs.c) ----
// gdx_docs_load hands one class-reference XML to the editor's help; returns
// 0 when the engine has no editor help (not an editor build).
int gdx_docs_load(void *get_proc_address, const char *xml, int64_t len);

#endif
