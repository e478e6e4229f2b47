package core

// Method is HTTPClient.Method.
type Method int

// HTTPClient.Method values.
const (
	MethodGet Method = iota
	MethodHead
	MethodPost
	MethodPut
	MethodDelete
	MethodOptions
	MethodTrace
	MethodConnect
	MethodPatch
	MethodMax
)

var methodNames = [MethodMax]string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH"}

// String returns the method's token as sent on the wire ("GET").
func (m Method) String() string {
	if m < 0 || m >= MethodMax {
		return "INVALID"
	}
	return methodNames[m]
}

// Status is HTTPClient.Status.
type Status int

// HTTPClient.Status values.
const (
	StatusDisconnected Status = iota
	StatusResolving
	StatusCantResolve
	StatusConnecting
	StatusCantConnect
	StatusConnected
	StatusRequesting
	StatusBody
	StatusConnectionError
	StatusTLSHandshakeError
)

var statusNames = [...]string{"STATUS_DISCONNECTED", "STATUS_RESOLVING", "STATUS_CANT_RESOLVE",
	"STATUS_CONNECTING", "STATUS_CANT_CONNECT", "STATUS_CONNECTED", "STATUS_REQUESTING",
	"STATUS_BODY", "STATUS_CONNECTION_ERROR", "STATUS_TLS_HANDSHAKE_ERROR"}

// String returns the Godot constant's name.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return "STATUS_INVALID"
	}
	return statusNames[s]
}
