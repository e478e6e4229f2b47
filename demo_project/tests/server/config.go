package main

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// config is what the GDScript suite reads (tests/harness/config.gd).
type config struct {
	Host string `json:"host"` // 127.0.0.1
	// HTTPPort serves the routes of routes.go over plain HTTP.
	HTTPPort int `json:"http_port"`
	// TLSPort serves the same routes over TLS with a certificate for
	// 127.0.0.1, ::1 and localhost signed by the CA in CAFile.
	TLSPort int `json:"tls_port"`
	// TLSWrongNamePort: the same, certificate for WrongName only.
	TLSWrongNamePort int    `json:"tls_wrong_name_port"`
	WrongName        string `json:"wrong_name"`
	// ProxyPort: plain HTTP forward proxy (absolute-form requests).
	ProxyPort int `json:"proxy_port"`
	// ConnectProxyPort: CONNECT tunnel proxy.
	ConnectProxyPort int `json:"connect_proxy_port"`
	// RefusingProxyPort answers every request, CONNECT included, with 403.
	RefusingProxyPort int `json:"refusing_proxy_port"`
	// ClosedPort has no listener.
	ClosedPort int `json:"closed_port"`
	// CAFile is the PEM file of the CA (for TLSOptions.client()).
	CAFile string `json:"ca_file"`
	IPv6   bool   `json:"ipv6"`
	PID    int    `json:"pid"`

	// silent_port, garbage_tls_port, stuck_port (hostile.go).
	hostilePorts
}

func (s *servers) writeConfig(path string) error {
	dir := filepath.Dir(path)
	caFile := filepath.Join(dir, "test-ca.pem")
	if err := os.WriteFile(caFile, s.pki.caPEM, 0o644); err != nil {
		return err
	}
	c := config{
		Host:              "127.0.0.1",
		HTTPPort:          s.http.Port(),
		TLSPort:           s.tls.Port(),
		TLSWrongNamePort:  s.tlsWrong.Port(),
		WrongName:         wrongName,
		ProxyPort:         s.proxy.Port(),
		ConnectProxyPort:  s.connectProxy.Port(),
		RefusingProxyPort: s.refusingProxy.Port(),
		ClosedPort:        s.closedPort,
		CAFile:            caFile,
		IPv6:              s.http.v6 != nil,
		PID:               os.Getpid(),
		hostilePorts:      s.hostile.ports(),
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	// Write then rename, so a reader never sees half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
