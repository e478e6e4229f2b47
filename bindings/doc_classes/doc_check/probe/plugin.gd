@tool
extends EditorPlugin
## Opens the editor help's page of each class named by
## `-- --doc-probe=ClassA,ClassB` (as F1 does) and prints the page's text
## between "== DOC PROBE BEGIN name" and "== DOC PROBE END name", then quits.

## Frames to let the editor finish starting before the first page.
const SETTLE_FRAMES := 30
## Frames to wait for a page to show the class (and its descriptions).
const PAGE_FRAMES := 600
const PLACEHOLDER := "There is currently no description"


func _enter_tree() -> void:
	var classes := PackedStringArray()
	for arg in OS.get_cmdline_user_args():
		if arg.begins_with("--doc-probe="):
			classes = arg.substr("--doc-probe=".length()).split(",", false)
	if classes.is_empty():
		return
	_probe.call_deferred(classes)


func _probe(classes: PackedStringArray) -> void:
	for i in SETTLE_FRAMES:
		await get_tree().process_frame
	var script_editor := EditorInterface.get_script_editor()
	for cls in classes:
		script_editor.goto_help("class_name:" + cls)
		var text := ""
		for i in PAGE_FRAMES:
			await get_tree().process_frame
			text = _page_text(script_editor, cls)
			# Extension docs may be merged a few frames after the page opens.
			if not text.is_empty() and not text.contains(PLACEHOLDER):
				break
		print("== DOC PROBE BEGIN ", cls)
		print(text)
		print("== DOC PROBE END ", cls)
	print("== DOC PROBE DONE")
	get_tree().quit()


## The text of the visible help page of class cls (its first line is
## "Class: cls").
func _page_text(root: Node, cls: String) -> String:
	for help in root.find_children("*", "EditorHelp", true, false):
		if not help.is_visible_in_tree():
			continue
		for label in help.find_children("*", "RichTextLabel", true, false):
			var text: String = label.get_parsed_text()
			var title := text.get_slice("\n", 0).strip_edges()
			# "Class:" and the name are set apart by non-breaking spaces.
			if title.begins_with("Class:") and title.ends_with(cls):
				return text
	return ""
