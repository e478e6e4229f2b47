package core

// inboundStartSize is the first size of the buffer a head is read into;
// it doubles as needed up to the head limit.
const inboundStartSize = 4 << 10

// inbound holds bytes read from the transport and not consumed yet: the
// response head while it arrives, and whatever came after it in the same
// read. Body reads drain it first, then read the transport straight into
// the caller's buffer.
type inbound struct {
	buf  []byte
	r, w int
}

func (in *inbound) buffered() []byte { return in.buf[in.r:in.w] }
func (in *inbound) empty() bool      { return in.r == in.w }

func (in *inbound) consume(n int) {
	in.r += n
	if in.r == in.w {
		in.r, in.w = 0, 0
	}
}

func (in *inbound) reset() { in.r, in.w = 0, 0 }

// take returns a copy of the buffered bytes (nil when there are none) and
// forgets them.
func (in *inbound) take() []byte {
	if in.empty() {
		return nil
	}
	b := append([]byte(nil), in.buffered()...)
	in.reset()
	return b
}

// fill reads what the transport has now (or, with wait, at least one byte)
// into free space, making room first: the buffered bytes move to the
// front, and the buffer grows (doubling) while it stays under limit bytes.
// It returns 0, nil when there is no room left under limit.
func (in *inbound) fill(t Transport, wait bool, limit int) (int, error) {
	if in.w == len(in.buf) {
		if in.r > 0 {
			in.w = copy(in.buf, in.buf[in.r:in.w])
			in.r = 0
		} else if len(in.buf) < limit {
			grown := make([]byte, min(limit, max(inboundStartSize, 2*len(in.buf))))
			in.w = copy(grown, in.buf[in.r:in.w])
			in.r = 0
			in.buf = grown
		} else {
			return 0, nil
		}
	}
	n, err := t.Read(in.buf[in.w:], wait)
	in.w += n
	return n, err
}

// read copies buffered bytes into p, or when none are buffered reads the
// transport straight into p.
func (in *inbound) read(t Transport, p []byte, wait bool) (int, error) {
	if !in.empty() {
		n := copy(p, in.buffered())
		in.consume(n)
		return n, nil
	}
	return t.Read(p, wait)
}
