package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// runMainEnv, when set, makes the test binary run main instead of the
// tests: TestSignal starts it as the command itself.
const runMainEnv = "TARGET_TEST_RUN_MAIN"

// TestMain fails the run if a test leaves a goroutine behind: every
// handler and connection must end when run returns.
func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main() // exits
	}
	goleak.VerifyTestMain(m)
}

// patience bounds every wait: far longer than any should take, so a
// loaded machine never fails a correct program.
const patience = 20 * time.Second

// fetch gets url and returns its status and body, on a client of its
// own whose connections are closed before it returns.
func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: patience}
	resp, err := client.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// readURL reads the first line the program prints: its base URL.
func readURL(t *testing.T, stdout io.Reader) string {
	t.Helper()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err, "no URL printed")
	url := strings.TrimSuffix(line, "\n")
	require.Regexp(t, `^http://127\.0\.0\.1:[1-9][0-9]*$`, url)
	return url
}

// The program serves until its context is cancelled, as Ctrl-C does,
// then closes the server and returns 0.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	// run prints its URL into the pipe while the test reads it.
	stdout, w := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		code := run(ctx, []string{"-addr", "127.0.0.1:0",
			"-delay", "1ms", "-stats"}, w, &stderr)
		w.Close()
		done <- code
	}()
	url := readURL(t, stdout)

	code, body := fetch(t, url+"/hello/x")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "Hello x", body)
	code, body = fetch(t, url+"/check/7")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ok\n", body)

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, exitOK, code)
	case <-time.After(patience):
		t.Fatal("run did not return after the cancel")
	}
	// stderr is read only once run has returned: no race.
	assert.Contains(t, stderr.String(), "target: serving "+url+
		"/check/{id} with a delay of 1ms")
	assert.Contains(t, stderr.String(),
		"target: requests=2 conns=2 peak=1 accept-errors=0\n")

	// The address is free again: the server let go of it.
	l, err := net.Listen("tcp", strings.TrimPrefix(url, "http://"))
	require.NoError(t, err)
	assert.NoError(t, l.Close())
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown-flag", []string{"-nope"}, "flag provided but not defined"},
		{"missing-value", []string{"-delay"}, "flag needs an argument"},
		{"bad-duration", []string{"-delay", "soon"}, "invalid value"},
		{"negative-delay", []string{"-delay", "-1s"}, "-delay -1s"},
		{"empty-addr", []string{"-addr", ""}, "-addr is empty"},
		{"argument", []string{"serve"}, `unexpected argument "serve"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), tt.args, &stdout, &stderr)
			assert.Equal(t, exitUsage, code)
			assert.Empty(t, stdout.String(), "nothing served")
			assert.Contains(t, stderr.String(), tt.want)
			assert.Contains(t, stderr.String(), "-h for help")
		})
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help"} {
		t.Run(arg, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), []string{arg}, &stdout, &stderr)
			assert.Equal(t, exitOK, code)
			assert.Empty(t, stderr.String())
			for _, want := range []string{"Usage:", "-addr HOST:PORT",
				"-delay D", "/check/{id}", "Exit status:"} {
				assert.Contains(t, stdout.String(), want)
			}
		})
	}
}

// A port that another server holds is an error, not a panic.
func TestAddrInUse(t *testing.T) {
	held, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer held.Close()
	addr := held.Addr().String()

	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-addr", addr}, &stdout, &stderr)
	assert.Equal(t, exitFail, code)
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "target: bench: listen tcp "+addr)
	if runtime.GOOS == "linux" {
		assert.Contains(t, stderr.String(), "address already in use")
		assert.Contains(t, stderr.String(), "-addr 127.0.0.1:0")
	}
}

// The real program, as a script starts it: SIGTERM closes the server
// and the program exits 0, after printing its counts.
func TestSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	cmd := exec.Command(os.Args[0], "-addr", "127.0.0.1:0", "-stats")
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill() // if the test fails before Wait

	url := readURL(t, stdout)
	code, _ := fetch(t, url+"/check/1")
	assert.Equal(t, http.StatusOK, code)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		assert.NoError(t, err, "exit status 0; stderr: %s", &stderr)
	case <-time.After(patience):
		t.Fatal("the program did not exit after SIGTERM")
	}
	assert.Contains(t, stderr.String(), "target: requests=1 conns=1 ")
}
