package core

// proxySetting is a proxy set with set_http_proxy or set_https_proxy.
type proxySetting struct {
	host string
	port int // -1: unset
}

func (p *proxySetting) unset() { *p = proxySetting{port: -1} }

// set follows the built-in: an empty host or port -1 unsets.
func (p *proxySetting) set(host string, port int) {
	if host == "" || port == -1 {
		p.unset()
		return
	}
	*p = proxySetting{host: host, port: port}
}

func (p proxySetting) isSet() bool { return p.port != -1 }

// SetHTTPProxy is HTTPClient.set_http_proxy: plain requests go through it
// from the next ConnectToHost.
func (c *Client) SetHTTPProxy(host string, port int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.httpProxy.set(host, port)
}

// SetHTTPSProxy is HTTPClient.set_https_proxy: TLS connections tunnel
// through it with CONNECT from the next ConnectToHost.
func (c *Client) SetHTTPSProxy(host string, port int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.httpsProxy.set(host, port)
}
