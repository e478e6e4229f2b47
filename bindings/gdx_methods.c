// gdx_methods.c: registers GoHTTPClient's methods, constants and properties
// with the engine, and the two entry points the engine calls for a method:
// ptrcall (typed GDScript: arguments already of the declared types) and
// call (Variants: checked, converted, defaults filled in here). Both end in
// one call of the exported Go function ghcMethodCall.
#include <string.h>
#include "gdx.h"
#include "_cgo_export.h"

typedef struct {
	int32_t id;
	int32_t argc;
	int32_t required; // arguments without a default
	int32_t ret_type; // NIL for none
	int32_t arg_type[GDX_MAX_ARGS];
	void *arg_tag[GDX_MAX_ARGS]; // class tag an Object argument must cast to
	gdx_slot defaults[GDX_MAX_ARGS]; // Variants, for arguments from `required` on
} gdx_method;

static void method_ptrcall(void *userdata, GDExtensionClassInstancePtr instance, const GDExtensionConstTypePtr *args, GDExtensionTypePtr ret) {
	const gdx_method *m = userdata;
	ghcMethodCall(m->id, (uintptr_t)instance, (void **)args, ret, 1);
}

static void set_error(GDExtensionCallError *e, GDExtensionCallErrorType type, int32_t argument, int32_t expected) {
	e->error = type;
	e->argument = argument;
	e->expected = expected;
}

static void method_call(void *userdata, GDExtensionClassInstancePtr instance, const GDExtensionConstVariantPtr *args,
		GDExtensionInt argc, GDExtensionVariantPtr ret, GDExtensionCallError *err) {
	const gdx_method *m = userdata;
	if (argc > m->argc) {
		set_error(err, GDEXTENSION_CALL_ERROR_TOO_MANY_ARGUMENTS, 0, m->argc);
		return;
	}
	if (argc < m->required) {
		set_error(err, GDEXTENSION_CALL_ERROR_TOO_FEW_ARGUMENTS, 0, m->required);
		return;
	}
	void *ptrs[GDX_MAX_ARGS];
	void *objects[GDX_MAX_ARGS];
	gdx_slot converted[GDX_MAX_ARGS];
	int is_converted[GDX_MAX_ARGS] = { 0 };
	int failed = -1;
	for (int32_t i = 0; i < m->argc; i++) {
		const void *v = i < argc ? args[i] : (const void *)&m->defaults[i];
		GDExtensionVariantType have = gdx_variant_get_type(v);
		GDExtensionVariantType want = (GDExtensionVariantType)m->arg_type[i];
		if (want == GDEXTENSION_VARIANT_TYPE_OBJECT) {
			objects[i] = NULL;
			if (have == GDEXTENSION_VARIANT_TYPE_OBJECT) {
				GDObjectInstanceID id = gdx_variant_get_object_instance_id(v);
				void *obj = id ? gdx_object_get_instance_from_id(id) : NULL;
				if (obj != NULL && m->arg_tag[i] != NULL && gdx_object_cast_to(obj, m->arg_tag[i]) == NULL) {
					failed = i;
					break;
				}
				objects[i] = obj;
			} else if (have != GDEXTENSION_VARIANT_TYPE_NIL) {
				failed = i;
				break;
			}
			ptrs[i] = &objects[i];
		} else if (have == want) {
			ptrs[i] = gdx_internal_ptr[want]((void *)v);
		} else if (gdx_variant_can_convert_strict(have, want)) {
			GDExtensionCallError cerr = { GDEXTENSION_CALL_OK, 0, 0 };
			const GDExtensionConstVariantPtr from[1] = { v };
			gdx_variant_construct(want, &converted[i], from, 1, &cerr);
			if (cerr.error != GDEXTENSION_CALL_OK) {
				failed = i;
				break;
			}
			is_converted[i] = 1;
			ptrs[i] = gdx_internal_ptr[want](&converted[i]);
		} else {
			failed = i;
			break;
		}
	}
	if (failed >= 0) {
		set_error(err, GDEXTENSION_CALL_ERROR_INVALID_ARGUMENT, failed, m->arg_type[failed]);
	} else {
		void *r = NULL;
		if (m->ret_type == GDEXTENSION_VARIANT_TYPE_OBJECT) {
			r = ret; // Go stores the object into the Variant itself.
		} else if (m->ret_type != GDEXTENSION_VARIANT_TYPE_NIL) {
			GDExtensionCallError cerr = { GDEXTENSION_CALL_OK, 0, 0 };
			gdx_variant_construct((GDExtensionVariantType)m->ret_type, ret, NULL, 0, &cerr);
			r = gdx_internal_ptr[m->ret_type](ret);
		}
		ghcMethodCall(m->id, (uintptr_t)instance, ptrs, r, 0);
	}
	for (int32_t i = 0; i < m->argc; i++) {
		if (is_converted[i]) {
			gdx_variant_destroy(&converted[i]);
		}
	}
}

// prop_info fills a GDExtensionPropertyInfo whose names live in C memory;
// prop_info_free releases them once the engine has copied the info.
static void prop_info(GDExtensionPropertyInfo *p, const gdx_arg_desc *d) {
	p->type = (GDExtensionVariantType)d->type;
	p->name = gdx_string_name_new(d->name ? d->name : "");
	p->class_name = gdx_string_name_new(d->class_name ? d->class_name : "");
	p->hint = d->hint;
	p->hint_string = calloc(1, GDX_SIZE_STRING);
	const char *hs = d->hint_string ? d->hint_string : "";
	gdx_string_new(p->hint_string, hs, (int64_t)strlen(hs));
	p->usage = d->usage;
}

static void prop_info_free(GDExtensionPropertyInfo *p) {
	gdx_string_name_free(p->name);
	gdx_string_name_free(p->class_name);
	gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](p->hint_string);
	free(p->hint_string);
}

static void make_default(gdx_slot *v, const gdx_method_desc *d, int i) {
	switch (d->default_kind[i]) {
		case GDX_DEFAULT_INT: {
			int64_t x = d->default_int[i];
			gdx_from_type[GDEXTENSION_VARIANT_TYPE_INT](v, &x);
		} break;
		case GDX_DEFAULT_STRING: {
			gdx_slot s = { { 0 } };
			const char *str = d->default_str[i] ? d->default_str[i] : "";
			gdx_string_new(&s, str, (int64_t)strlen(str));
			gdx_from_type[GDEXTENSION_VARIANT_TYPE_STRING](v, &s);
			gdx_dtor[GDEXTENSION_VARIANT_TYPE_STRING](&s);
		} break;
		default: {
			// A null Object argument: a Variant of type OBJECT holding null,
			// as the engine's own default for `tls_options: TLSOptions = null`.
			void *null_object = NULL;
			gdx_from_type[GDEXTENSION_VARIANT_TYPE_OBJECT](v, &null_object);
		} break;
	}
}

void *gdx_register_method(const char *class_name, const gdx_method_desc *d) {
	gdx_method *m = calloc(1, sizeof(gdx_method));
	m->id = d->id;
	m->argc = d->argc;
	m->required = d->argc - d->ndefaults;
	m->ret_type = d->has_ret ? d->ret.type : GDEXTENSION_VARIANT_TYPE_NIL;

	GDExtensionPropertyInfo args[GDX_MAX_ARGS];
	GDExtensionClassMethodArgumentMetadata metas[GDX_MAX_ARGS];
	GDExtensionVariantPtr defaults[GDX_MAX_ARGS];
	for (int32_t i = 0; i < d->argc; i++) {
		prop_info(&args[i], &d->args[i]);
		metas[i] = (GDExtensionClassMethodArgumentMetadata)d->args[i].meta;
		m->arg_type[i] = d->args[i].type;
		if (d->args[i].type == GDEXTENSION_VARIANT_TYPE_OBJECT && d->args[i].class_name && d->args[i].class_name[0]) {
			m->arg_tag[i] = gdx_class_tag(d->args[i].class_name);
		}
		if (i >= m->required) {
			make_default(&m->defaults[i], d, i);
			defaults[i - m->required] = &m->defaults[i];
		}
	}
	GDExtensionPropertyInfo ret;
	if (d->has_ret) {
		prop_info(&ret, &d->ret);
	}

	GDExtensionClassMethodInfo info;
	memset(&info, 0, sizeof(info));
	info.name = gdx_string_name_new(d->name);
	info.method_userdata = m;
	info.call_func = method_call;
	info.ptrcall_func = method_ptrcall;
	info.method_flags = d->flags;
	info.has_return_value = d->has_ret ? 1 : 0;
	info.return_value_info = d->has_ret ? &ret : NULL;
	info.return_value_metadata = d->has_ret ? (GDExtensionClassMethodArgumentMetadata)d->ret.meta : GDEXTENSION_METHOD_ARGUMENT_METADATA_NONE;
	info.argument_count = (uint32_t)d->argc;
	info.arguments_info = d->argc ? args : NULL;
	info.arguments_metadata = d->argc ? metas : NULL;
	info.default_argument_count = (uint32_t)d->ndefaults;
	info.default_arguments = d->ndefaults ? defaults : NULL;

	void *cn = gdx_string_name_new(class_name);
	gdx_register_method_fn(gdx_library, cn, &info);
	gdx_string_name_free(cn);

	gdx_string_name_free(info.name);
	for (int32_t i = 0; i < d->argc; i++) {
		prop_info_free(&args[i]);
	}
	if (d->has_ret) {
		prop_info_free(&ret);
	}
	return m;
}

void gdx_method_free(void *p) {
	gdx_method *m = p;
	if (m == NULL) {
		return;
	}
	for (int32_t i = m->required; i < m->argc; i++) {
		gdx_variant_destroy(&m->defaults[i]);
	}
	free(m);
}

void gdx_register_constant(const char *class_name, const char *enum_name, const char *name, int64_t value) {
	void *cn = gdx_string_name_new(class_name);
	void *en = gdx_string_name_new(enum_name);
	void *nn = gdx_string_name_new(name);
	gdx_register_constant_fn(gdx_library, cn, en, nn, value, 0);
	gdx_string_name_free(cn);
	gdx_string_name_free(en);
	gdx_string_name_free(nn);
}

void gdx_register_property(const char *class_name, const gdx_arg_desc *d, const char *setter, const char *getter) {
	GDExtensionPropertyInfo p;
	prop_info(&p, d);
	void *cn = gdx_string_name_new(class_name);
	void *sn = gdx_string_name_new(setter);
	void *gn = gdx_string_name_new(getter);
	gdx_register_property_fn(gdx_library, cn, &p, sn, gn);
	gdx_string_name_free(cn);
	gdx_string_name_free(sn);
	gdx_string_name_free(gn);
	prop_info_free(&p);
}
