extends RefCounted
## The sha-256 member of a Repr-Digest field (RFC 9530), e.g.
## "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:". No I/O; the
## field is bounded by MAX_FIELD_LENGTH and its members by MAX_MEMBERS.

## Longest Repr-Digest field looked at (characters).
const MAX_FIELD_LENGTH := 4096
## Most members (algorithm=:value:) looked at in one field.
const MAX_MEMBERS := 16


## The sha-256 digest of a Repr-Digest field, in base64 without its
## padding, "" when the field has no sha-256 member, or a String starting
## with "error: " when the field is malformed.
static func sha256_of(field: String) -> String:
	if field.length() > MAX_FIELD_LENGTH:
		return "error: Repr-Digest is %d characters long (at most %d)" % [field.length(), MAX_FIELD_LENGTH]
	var members := field.split(",")
	if members.size() > MAX_MEMBERS:
		return "error: Repr-Digest has %d members (at most %d)" % [members.size(), MAX_MEMBERS]
	for member in members:
		var eq := member.find("=")
		if eq < 0 or member.substr(0, eq).strip_edges().to_lower() != "sha-256":
			continue
		var value := member.substr(eq + 1).strip_edges()
		# A byte sequence is :base64: and may be followed by ;parameters.
		var end := value.find(":", 1)
		if not value.begins_with(":") or end < 0:
			return "error: the sha-256 member %s is not :base64:" % member.strip_edges().c_escape()
		return value.substr(1, end - 1).rstrip("=")
	return ""


## The form sha256_of() returns for a digest computed here.
static func encode(sha256: PackedByteArray) -> String:
	return Marshalls.raw_to_base64(sha256).rstrip("=")
