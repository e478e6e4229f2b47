// gdx_docs.c: hands the class reference (bindings/doc_classes/*.xml) to
// the editor's help, which shows it for F1, the "Search Help" dialog and
// the inspector's tooltips.
#include "gdx.h"

int gdx_docs_load(void *get_proc_address, const char *xml, int64_t len) {
	GDExtensionInterfaceGetProcAddress get = (GDExtensionInterfaceGetProcAddress)get_proc_address;
	// Only editor builds have it, and the editor initialization level
	// (the only caller) is only reached in them.
	GDExtensionsInterfaceEditorHelpLoadXmlFromUtf8CharsAndLen load =
			(GDExtensionsInterfaceEditorHelpLoadXmlFromUtf8CharsAndLen)get("editor_help_load_xml_from_utf8_chars_and_len");
	if (load == NULL) {
		return 0;
	}
	load(xml, (GDExtensionInt)len);
	return 1;
}
