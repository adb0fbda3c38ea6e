package bench

import (
	"errors"
	"net"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
)

// failingListener fails every Accept, as a listener does when the
// process is out of file descriptors.
type failingListener struct{ net.Listener }

func (failingListener) Accept() (net.Conn, error) {
	return nil, errors.New("accept4: too many open files")
}

func TestCountingListener(t *testing.T) {
	var n atomic.Int64
	l := countingListener{failingListener{}, &n}
	for range 3 {
		_, err := l.Accept()
		assert.Error(t, err)
	}
	assert.EqualValues(t, 3, n.Load())
}
