package core

// Version is the client's version, sent in the default User-Agent.
const Version = "0.1.0"

// DefaultUserAgent is sent when the caller gives no User-Agent header.
const DefaultUserAgent = "GoHTTPClient/" + Version + " (Godot)"
