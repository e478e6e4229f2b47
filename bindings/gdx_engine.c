// gdx_engine.c: calls to the engine objects the binding reads: a
// StreamPeer adopted by set_connection, TLSOptions, ProjectSettings and
// FileAccess. Method binds and class tags are looked up once.
#include <stdio.h>
#include <string.h>
#include "gdx.h"

static GDExtensionInterfaceGlobalGetSingleton get_singleton;
static GDExtensionInterfaceClassdbGetMethodBind get_method_bind;

static void *tag_stream_peer, *tag_tcp, *tag_tls;

static GDExtensionMethodBindPtr mb_get_partial, mb_put_partial, mb_get_data, mb_put_data;
static GDExtensionMethodBindPtr mb_tcp_poll, mb_tcp_status, mb_tls_poll, mb_tls_status;
static GDExtensionMethodBindPtr mb_is_server, mb_is_unsafe, mb_common_name, mb_trusted_chain, mb_save_to_string, mb_resource_path;
static GDExtensionMethodBindPtr mb_has_setting, mb_get_setting, mb_file_as_bytes;
static GDExtensionMethodBindPtr mb_cert_save, mb_temp_dir, mb_remove_absolute;

int gdx_engine_load(GDExtensionInterfaceGetProcAddress get) {
	get_singleton = (GDExtensionInterfaceGlobalGetSingleton)get("global_get_singleton");
	get_method_bind = (GDExtensionInterfaceClassdbGetMethodBind)get("classdb_get_method_bind");
	return get_singleton && get_method_bind;
}

void *gdx_class_tag(const char *name) {
	void *sn = gdx_string_name_new(name);
	void *tag = gdx_get_class_tag(sn);
	gdx_string_name_free(sn);
	return tag;
}

static GDExtensionMethodBindPtr method_bind(const char *class_name, const char *method, int64_t hash) {
	void *cn = gdx_string_name_new(class_name);
	void *mn = gdx_string_name_new(method);
	GDExtensionMethodBindPtr mb = get_method_bind(cn, mn, hash);
	gdx_string_name_free(cn);
	gdx_string_name_free(mn);
	return mb;
}

// Hashes from the 4.5 extension_api.json.
int gdx_load_classes(void) {
	tag_stream_peer = gdx_class_tag("StreamPeer");
	tag_tcp = gdx_class_tag("StreamPeerTCP");
	tag_tls = gdx_class_tag("StreamPeerTLS");
	mb_get_partial = method_bind("StreamPeer", "get_partial_data", 1171824711);
	mb_put_partial = method_bind("StreamPeer", "put_partial_data", 2934048347);
	mb_get_data = method_bind("StreamPeer", "get_data", 1171824711);
	mb_put_data = method_bind("StreamPeer", "put_data", 680677267);
	mb_tcp_poll = method_bind("StreamPeerTCP", "poll", 166280745);
	mb_tcp_status = method_bind("StreamPeerTCP", "get_status", 859471121);
	mb_tls_poll = method_bind("StreamPeerTLS", "poll", 3218959716);
	mb_tls_status = method_bind("StreamPeerTLS", "get_status", 1128380576);
	mb_is_server = method_bind("TLSOptions", "is_server", 36873697);
	mb_is_unsafe = method_bind("TLSOptions", "is_unsafe_client", 36873697);
	mb_common_name = method_bind("TLSOptions", "get_common_name_override", 201670096);
	mb_trusted_chain = method_bind("TLSOptions", "get_trusted_ca_chain", 1120709175);
	mb_save_to_string = method_bind("X509Certificate", "save_to_string", 2841200299);
	mb_resource_path = method_bind("Resource", "get_path", 201670096);
	mb_has_setting = method_bind("ProjectSettings", "has_setting", 3927539163);
	mb_get_setting = method_bind("ProjectSettings", "get_setting_with_override", 2760726917);
	mb_file_as_bytes = method_bind("FileAccess", "get_file_as_bytes", 659035735);
	mb_cert_save = method_bind("X509Certificate", "save", 166001499);
	mb_temp_dir = method_bind("OS", "get_temp_dir", 201670096);
	mb_remove_absolute = method_bind("DirAccess", "remove_absolute", 166001499);
	return tag_stream_peer && tag_tcp && tag_tls && mb_get_partial && mb_put_partial && mb_get_data && mb_put_data && mb_tcp_poll &&
			mb_tcp_status && mb_tls_poll && mb_tls_status && mb_is_server && mb_is_unsafe && mb_common_name &&
			mb_trusted_chain && mb_save_to_string && mb_resource_path && mb_has_setting && mb_get_setting && mb_file_as_bytes && mb_cert_save && mb_temp_dir && mb_remove_absolute;
}

int gdx_peer_kind(void *obj) {
	if (obj == NULL || gdx_object_cast_to(obj, tag_stream_peer) == NULL) {
		return -1;
	}
	if (gdx_object_cast_to(obj, tag_tls) != NULL) {
		return GDX_PEER_TLS;
	}
	if (gdx_object_cast_to(obj, tag_tcp) != NULL) {
		return GDX_PEER_TCP;
	}
	return GDX_PEER_GENERIC;
}

// array_int reads element i of an Array of [Error, ...] as an integer.
static int64_t array_int(const void *arr, int64_t i) {
	const void *v = gdx_array_get(arr, i);
	if (v == NULL || gdx_variant_get_type(v) != GDEXTENSION_VARIANT_TYPE_INT) {
		return 0;
	}
	return *(int64_t *)gdx_internal_ptr[GDEXTENSION_VARIANT_TYPE_INT]((void *)v);
}

int64_t gdx_peer_get(void *peer, uint8_t *buf, int64_t n, int64_t *got, int all) {
	gdx_slot ret = { { 0 } };
	const GDExtensionConstTypePtr args[1] = { &n };
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_ARRAY](&ret, NULL);
	gdx_method_bind_ptrcall(all ? mb_get_data : mb_get_partial, peer, args, &ret);
	int64_t err = array_int(&ret, 0);
	*got = 0;
	const void *v = gdx_array_get(&ret, 1);
	if (err == 0 && v != NULL && gdx_variant_get_type(v) == GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY) {
		const void *bytes = gdx_internal_ptr[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY]((void *)v);
		int64_t m = gdx_pba_size(bytes);
		if (m > n) {
			m = n;
		}
		if (m > 0) {
			memcpy(buf, gdx_pba_data(bytes), m);
		}
		*got = m;
	}
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_ARRAY](&ret);
	return err;
}

int64_t gdx_peer_put(void *peer, const uint8_t *buf, int64_t n, int64_t *sent, int all) {
	gdx_slot data = { { 0 } }, ret = { { 0 } };
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](&data, NULL);
	uint8_t *w = gdx_pba_resize(&data, n);
	if (w != NULL) {
		memcpy(w, buf, n);
	}
	const GDExtensionConstTypePtr args[1] = { &data };
	int64_t err = 0;
	if (all) {
		gdx_method_bind_ptrcall(mb_put_data, peer, args, &err);
		*sent = err == 0 ? n : 0;
	} else {
		gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_ARRAY](&ret, NULL);
		gdx_method_bind_ptrcall(mb_put_partial, peer, args, &ret);
		err = array_int(&ret, 0);
		*sent = array_int(&ret, 1);
		gdx_dtor[GDEXTENSION_VARIANT_TYPE_ARRAY](&ret);
	}
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](&data);
	return err;
}

int64_t gdx_peer_poll(void *peer, int kind) {
	int64_t ret = 0;
	if (kind == GDX_PEER_TCP) {
		gdx_method_bind_ptrcall(mb_tcp_poll, peer, NULL, &ret);
		gdx_method_bind_ptrcall(mb_tcp_status, peer, NULL, &ret);
	} else if (kind == GDX_PEER_TLS) {
		gdx_method_bind_ptrcall(mb_tls_poll, peer, NULL, NULL);
		gdx_method_bind_ptrcall(mb_tls_status, peer, NULL, &ret);
	}
	return ret;
}

// string_ret calls a method returning a String and returns it malloc'd (NULL when empty).
static char *string_ret(GDExtensionMethodBindPtr mb, void *obj, int64_t *len) {
	gdx_slot s = { { 0 } };
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_STRING](&s, NULL);
	gdx_method_bind_ptrcall(mb, obj, NULL, &s);
	char *out = gdx_string_to_cstr(&s, len);
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&s);
	if (*len == 0) {
		free(out);
		return NULL;
	}
	return out;
}

// contains tells whether data holds the bytes of needle (memmem is not portable).
static int contains(const uint8_t *data, int64_t n, const char *needle) {
	int64_t m = (int64_t)strlen(needle);
	for (int64_t i = 0; i + m <= n; i++) {
		if (memcmp(data + i, needle, m) == 0) {
			return 1;
		}
	}
	return 0;
}

// file_bytes returns FileAccess.get_file_as_bytes(path), malloc'd (NULL when empty).
static uint8_t *file_bytes(const void *path, int64_t *len) {
	gdx_slot bytes = { { 0 } };
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](&bytes, NULL);
	const GDExtensionConstTypePtr args[1] = { path };
	gdx_method_bind_ptrcall(mb_file_as_bytes, NULL, args, &bytes);
	uint8_t *out = NULL;
	*len = gdx_pba_size(&bytes);
	if (*len > 0) {
		out = malloc(*len);
		memcpy(out, gdx_pba_data(&bytes), *len);
	}
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](&bytes);
	return out;
}

// saved_pem returns the PEM X509Certificate.save() writes for cert, by way
// of a file in the OS's temporary folder (NULL when that fails).
static char *saved_pem(void *cert, int64_t *len) {
	static uint32_t counter;
	void *sn = gdx_string_name_new("OS");
	void *os = get_singleton(sn);
	gdx_string_name_free(sn);
	if (os == NULL) {
		return NULL;
	}
	int64_t dlen = 0;
	char *dir = string_ret(mb_temp_dir, os, &dlen);
	if (dir == NULL) {
		return NULL;
	}
	char name[1024];
	snprintf(name, sizeof(name), "%s/gohttpclient-chain-%p-%u.crt", dir, cert,
			__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
	free(dir);
	gdx_slot path = { { 0 } };
	gdx_string_new(&path, name, (int64_t)strlen(name));
	int64_t err = 0;
	const GDExtensionConstTypePtr args[1] = { &path };
	gdx_method_bind_ptrcall(mb_cert_save, cert, args, &err);
	char *out = NULL;
	if (err == 0) {
		out = (char *)file_bytes(&path, len);
	}
	gdx_method_bind_ptrcall(mb_remove_absolute, NULL, args, &err);
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&path);
	return out;
}

// chain_pem returns the PEM of an X509Certificate. The engine writes the
// chain's first certificate once per certificate of the chain (in save()
// and save_to_string()), so a chain loaded as a resource is read from its
// file instead (*from_file). Else save() is used: save_to_string() also
// appends a NUL to each certificate, which the engine reports as a Unicode
// error; it is the last resort.
static char *chain_pem(void *cert, int64_t *len, int *from_file) {
	*from_file = 0;
	gdx_slot path = { { 0 } };
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_STRING](&path, NULL);
	gdx_method_bind_ptrcall(mb_resource_path, cert, NULL, &path);
	int64_t plen = 0;
	char *cpath = gdx_string_to_cstr(&path, &plen);
	free(cpath);
	if (plen > 0) {
		int64_t n = 0;
		uint8_t *data = file_bytes(&path, &n);
		if (data != NULL && contains(data, n, "-----BEGIN CERTIFICATE-----")) {
			gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&path);
			*from_file = 1;
			*len = n;
			return (char *)data;
		}
		free(data);
	}
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&path);
	char *pem = saved_pem(cert, len);
	if (pem != NULL) {
		return pem;
	}
	return string_ret(mb_save_to_string, cert, len);
}

void gdx_tls_read(void *opts, int *is_server, int *is_unsafe, char **cn, int64_t *cn_len, char **pem, int64_t *pem_len, int *pem_from_file) {
	uint8_t b = 0;
	gdx_method_bind_ptrcall(mb_is_server, opts, NULL, &b);
	*is_server = b != 0;
	b = 0;
	gdx_method_bind_ptrcall(mb_is_unsafe, opts, NULL, &b);
	*is_unsafe = b != 0;
	*cn = string_ret(mb_common_name, opts, cn_len);
	*pem = NULL;
	*pem_len = 0;
	*pem_from_file = 0;
	void *chain = NULL; // a Ref<X509Certificate>
	gdx_method_bind_ptrcall(mb_trusted_chain, opts, NULL, &chain);
	if (chain != NULL) {
		*pem = chain_pem(chain, pem_len, pem_from_file);
		gdx_ref_set_object(&chain, NULL);
	}
}

uint8_t *gdx_ca_bundle_override(int64_t *len, int *missing, char **path) {
	*len = 0;
	*missing = 0;
	*path = NULL;
	void *sn = gdx_string_name_new("ProjectSettings");
	void *settings = get_singleton(sn);
	gdx_string_name_free(sn);
	if (settings == NULL) {
		return NULL;
	}
	static const char key[] = "network/tls/certificate_bundle_override";
	gdx_slot name = { { 0 } };
	gdx_string_new(&name, key, sizeof(key) - 1);
	uint8_t has = 0;
	const GDExtensionConstTypePtr has_args[1] = { &name };
	gdx_method_bind_ptrcall(mb_has_setting, settings, has_args, &has);
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&name);
	if (!has) {
		return NULL;
	}
	void *key_sn = gdx_string_name_new(key);
	gdx_slot value = { { 0 } }; // a nil Variant
	const GDExtensionConstTypePtr get_args[1] = { key_sn };
	gdx_method_bind_ptrcall(mb_get_setting, settings, get_args, &value);
	gdx_string_name_free(key_sn);
	uint8_t *out = NULL;
	if (gdx_variant_get_type(&value) == GDEXTENSION_VARIANT_TYPE_STRING) {
		const void *p = gdx_internal_ptr[GDEXTENSION_VARIANT_TYPE_STRING](&value);
		int64_t plen = 0;
		char *cpath = gdx_string_to_cstr(p, &plen);
		if (plen > 0) {
			out = file_bytes(p, len);
			if (out != NULL) {
				free(cpath);
			} else {
				*missing = 1;
				*path = cpath;
			}
		} else {
			free(cpath);
		}
	}
	gdx_variant_destroy(&value);
	return out;
}
