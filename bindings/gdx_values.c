// gdx_values.c: reading and building engine values (String, packed
// arrays, Dictionary, Array) for Go, each in one call.
#include <string.h>
#include "gdx.h"

static GDExtensionInterfaceStringToUtf8Chars string_to_utf8;
static GDExtensionInterfacePackedByteArrayOperatorIndex pba_index;
static GDExtensionInterfacePackedByteArrayOperatorIndexConst pba_index_const;
static GDExtensionInterfacePackedStringArrayOperatorIndex psa_index;
static GDExtensionInterfacePackedStringArrayOperatorIndexConst psa_index_const;
static GDExtensionInterfaceArrayOperatorIndexConst array_index_const;
static GDExtensionInterfaceDictionaryOperatorIndex dict_index;
static GDExtensionInterfaceDictionaryOperatorIndexConst dict_index_const;

static GDExtensionPtrConstructor pba_copy; // PackedByteArray(from: PackedByteArray)
static GDExtensionPtrBuiltInMethod pba_size, pba_resize, psa_size, psa_resize, array_size, dict_keys, dict_clear;

// Hashes of the builtin methods (extension_api.json, stable since 4.0).
#define HASH_SIZE 3173160232
#define HASH_RESIZE 848867239
#define HASH_KEYS 4144163970
#define HASH_CLEAR 3218959716

static GDExtensionPtrBuiltInMethod builtin(GDExtensionInterfaceVariantGetPtrBuiltinMethod get, GDExtensionVariantType t, const char *name, int64_t hash) {
	void *sn = gdx_string_name_new(name);
	GDExtensionPtrBuiltInMethod m = get(t, sn, hash);
	gdx_string_name_free(sn);
	return m;
}

int gdx_values_load(GDExtensionInterfaceGetProcAddress get) {
	GDExtensionInterfaceVariantGetPtrBuiltinMethod get_builtin =
			(GDExtensionInterfaceVariantGetPtrBuiltinMethod)get("variant_get_ptr_builtin_method");
	string_to_utf8 = (GDExtensionInterfaceStringToUtf8Chars)get("string_to_utf8_chars");
	pba_index = (GDExtensionInterfacePackedByteArrayOperatorIndex)get("packed_byte_array_operator_index");
	pba_index_const = (GDExtensionInterfacePackedByteArrayOperatorIndexConst)get("packed_byte_array_operator_index_const");
	psa_index = (GDExtensionInterfacePackedStringArrayOperatorIndex)get("packed_string_array_operator_index");
	psa_index_const = (GDExtensionInterfacePackedStringArrayOperatorIndexConst)get("packed_string_array_operator_index_const");
	array_index_const = (GDExtensionInterfaceArrayOperatorIndexConst)get("array_operator_index_const");
	dict_index = (GDExtensionInterfaceDictionaryOperatorIndex)get("dictionary_operator_index");
	dict_index_const = (GDExtensionInterfaceDictionaryOperatorIndexConst)get("dictionary_operator_index_const");
	if (!get_builtin || !string_to_utf8 || !pba_index || !pba_index_const || !psa_index || !psa_index_const ||
			!array_index_const || !dict_index || !dict_index_const) {
		return 0;
	}
	pba_size = builtin(get_builtin, GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY, "size", HASH_SIZE);
	pba_resize = builtin(get_builtin, GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY, "resize", HASH_RESIZE);
	psa_size = builtin(get_builtin, GDEXTENSION_VARIANT_TYPE_PACKED_STRING_ARRAY, "size", HASH_SIZE);
	psa_resize = builtin(get_builtin, GDEXTENSION_VARIANT_TYPE_PACKED_STRING_ARRAY, "resize", HASH_RESIZE);
	array_size = builtin(get_builtin, GDEXTENSION_VARIANT_TYPE_ARRAY, "size", HASH_SIZE);
	dict_keys = builtin(get_builtin, GDEXTENSION_VARIANT_TYPE_DICTIONARY, "keys", HASH_KEYS);
	dict_clear = builtin(get_builtin, GDEXTENSION_VARIANT_TYPE_DICTIONARY, "clear", HASH_CLEAR);
	GDExtensionInterfaceVariantGetPtrConstructor get_ctor =
			(GDExtensionInterfaceVariantGetPtrConstructor)get("variant_get_ptr_constructor");
	pba_copy = get_ctor ? get_ctor(GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY, 1) : NULL;
	return pba_copy && pba_size && pba_resize && psa_size && psa_resize && array_size && dict_keys && dict_clear;
}

char *gdx_string_to_cstr(const void *s, int64_t *len) {
	int64_t n = string_to_utf8(s, NULL, 0);
	char *buf = malloc(n + 1);
	string_to_utf8(s, buf, n);
	buf[n] = 0;
	*len = n;
	return buf;
}

void gdx_string_assign(void *s, const char *utf8, int64_t len) {
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](s);
	gdx_string_new(s, utf8, len);
}

char *gdx_variant_to_cstr(const void *v, int64_t *len) {
	gdx_slot s = { { 0 } };
	gdx_variant_stringify(v, &s);
	char *out = gdx_string_to_cstr(&s, len);
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&s);
	return out;
}

int gdx_variant_type(const void *v) {
	return (int)gdx_variant_get_type(v);
}

int64_t gdx_pba_size(const void *a) {
	int64_t n = 0;
	pba_size((void *)a, NULL, &n, 0);
	return n;
}

const uint8_t *gdx_pba_data(const void *a) {
	return gdx_pba_size(a) > 0 ? pba_index_const(a, 0) : NULL;
}

uint8_t *gdx_pba_resize(void *a, int64_t n) {
	int64_t err = 0;
	const GDExtensionConstTypePtr args[1] = { &n };
	pba_resize(a, args, &err, 1);
	if (err != 0 || n == 0) {
		return NULL;
	}
	return pba_index(a, 0);
}

uint8_t *gdx_pba_fresh(void *a, int64_t n) {
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](a);
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](a, NULL);
	return n > 0 ? gdx_pba_resize(a, n) : NULL;
}

void *gdx_pba_new(void) {
	void *a = calloc(1, GDX_SIZE_PACKED_ARRAY);
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](a, NULL);
	return a;
}

void gdx_pba_free(void *a) {
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](a);
	free(a);
}

uint8_t *gdx_pba_exclusive(void *a, int64_t n) {
	if (n <= 0) {
		return NULL;
	}
	if (gdx_pba_size(a) != n) {
		return gdx_pba_fresh(a, n);
	}
	// The non-const index is the engine's ptrw(): it copies the data first
	// when another array shares it, and only then.
	return pba_index(a, 0);
}

void gdx_pba_share(void *dst, const void *src) {
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY](dst);
	const GDExtensionConstTypePtr args[1] = { src };
	pba_copy(dst, args);
}

static int64_t psa_len(const void *a) {
	int64_t n = 0;
	psa_size((void *)a, NULL, &n, 0);
	return n;
}

char *gdx_psa_pack(const void *a) {
	int64_t count = psa_len(a);
	int64_t total = 0;
	for (int64_t i = 0; i < count; i++) {
		total += string_to_utf8(psa_index_const(a, i), NULL, 0);
	}
	char *block = malloc(sizeof(int64_t) * (1 + count) + total + 1);
	int64_t *head = (int64_t *)block;
	char *bytes = block + sizeof(int64_t) * (1 + count);
	head[0] = count;
	for (int64_t i = 0; i < count; i++) {
		const void *s = psa_index_const(a, i);
		int64_t n = string_to_utf8(s, NULL, 0);
		string_to_utf8(s, bytes, n);
		head[1 + i] = n;
		bytes += n;
	}
	return block;
}

void gdx_psa_unpack(void *a, const int64_t *lens, int64_t count, const char *data) {
	int64_t err = 0;
	const GDExtensionConstTypePtr args[1] = { &count };
	psa_resize(a, args, &err, 1);
	for (int64_t i = 0; i < count; i++) {
		gdx_string_assign(psa_index(a, i), data, lens[i]);
		data += lens[i];
	}
}

void gdx_dict_unpack(void *d, const int64_t *lens, int64_t npairs, const char *data) {
	dict_clear(d, NULL, NULL, 0);
	for (int64_t i = 0; i < npairs; i++) {
		gdx_slot key, value, key_variant;
		gdx_string_new(&key, data, lens[2 * i]);
		data += lens[2 * i];
		gdx_string_new(&value, data, lens[2 * i + 1]);
		data += lens[2 * i + 1];
		gdx_from_type[GDEXTENSION_VARIANT_TYPE_STRING](&key_variant, &key);
		void *slot = dict_index(d, &key_variant);
		gdx_variant_destroy(slot);
		gdx_from_type[GDEXTENSION_VARIANT_TYPE_STRING](slot, &value);
		gdx_variant_destroy(&key_variant);
		gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&key);
		gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&value);
	}
}

void gdx_dict_set_int(void *d, const char *key, int64_t len, int64_t value) {
	gdx_slot k, key_variant;
	gdx_string_new(&k, key, len);
	gdx_from_type[GDEXTENSION_VARIANT_TYPE_STRING](&key_variant, &k);
	void *slot = dict_index(d, &key_variant);
	gdx_variant_destroy(slot);
	gdx_from_type[GDEXTENSION_VARIANT_TYPE_INT](slot, &value);
	gdx_variant_destroy(&key_variant);
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&k);
}

int64_t gdx_dict_keys(const void *d, void *keys_out) {
	gdx_default_ctor[GDEXTENSION_VARIANT_TYPE_ARRAY](keys_out, NULL);
	dict_keys((void *)d, NULL, keys_out, 0);
	return gdx_array_size(keys_out);
}

const void *gdx_dict_get(const void *d, const void *key) {
	return dict_index_const(d, key);
}

int64_t gdx_array_size(const void *a) {
	int64_t n = 0;
	array_size((void *)a, NULL, &n, 0);
	return n;
}

const void *gdx_array_get(const void *a, int64_t i) {
	return array_index_const(a, i);
}

const void *gdx_variant_array(const void *v) {
	return gdx_internal_ptr[GDEXTENSION_VARIANT_TYPE_ARRAY]((void *)v);
}

void gdx_array_free(void *a) {
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_ARRAY](a);
}
