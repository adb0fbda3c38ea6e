package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"urlcheck/bench"
	"urlcheck/internal/checktest"
	"urlcheck/internal/timeline"
)

// TestMain fails the run if a test leaves a goroutine behind: every
// check, progress ticker and connection must end with run.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// patience bounds every wait: far longer than any should take, so a
// loaded machine never fails a correct program.
const patience = 20 * time.Second

// styles are the -style values, in the talk's order.
var styles = bench.StyleNames()

// outcome is what one run of the program did.
type outcome struct {
	code           int
	stdout, stderr string
}

// lines returns the output's lines, without the last newline.
func (o outcome) lines() []string {
	return strings.Split(strings.TrimSuffix(o.stdout, "\n"), "\n")
}

// runCmd runs the program as main would, with stdin as its standard
// input, and returns what it did.
func runCmd(ctx context.Context, stdin string, args ...string) outcome {
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, strings.NewReader(stdin), &stdout, &stderr)
	return outcome{code, stdout.String(), stderr.String()}
}

func newServer(t *testing.T) *bench.Server {
	srv := bench.NewServer(bench.Config{})
	t.Cleanup(srv.Close)
	return srv
}

// closedPort returns a URL on a local port where nothing listens, so
// that connecting is refused.
func closedPort(t *testing.T) string {
	return "http://" + checktest.ClosedPort(t) + "/"
}

// byURL maps each URL to its line of output, and fails the test
// unless every URL has exactly one line and no line is left over.
// Lines arrive in the order the checks complete, not in urls' order.
func byURL(t *testing.T, o outcome, urls []string) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, line := range o.lines() {
		url, _, ok := strings.Cut(line, ": ")
		if !assert.True(t, ok, "a line without ': ': %q", line) {
			continue
		}
		assert.NotContains(t, got, url, "two lines for %s", url)
		got[url] = line
	}
	for _, url := range urls {
		assert.Contains(t, got, url, "no line for %s", url)
	}
	assert.Len(t, got, len(urls), "lines: %q", o.stdout)
	return got
}

func TestCheckOK(t *testing.T) {
	srv := newServer(t)
	urls := append(srv.URLs(5), srv.URL+"/redirect/3", srv.URL+"/hello/go")
	for _, style := range styles {
		t.Run(style, func(t *testing.T) {
			args := append([]string{"-style", style, "-workers", "2"}, urls...)
			o := runCmd(t.Context(), "", args...)
			assert.Equal(t, exitOK, o.code, o.stderr)

			// A line per URL, as the talk prints it: "URL: 200 OK".
			got := byURL(t, o, urls)
			for _, url := range urls {
				assert.Equal(t, url+": 200 OK", got[url])
			}
			// The summary is on stderr, apart from the results.
			assert.Contains(t, o.stderr, "urlcheck: 7 URLs, style "+style)
			assert.Contains(t, o.stderr, "7 ok, 0 failed")
			assert.NotContains(t, o.stderr, "\r", "no progress off a terminal")
		})
	}
}

// A URL given twice is checked and printed twice.
func TestCheckDuplicates(t *testing.T) {
	srv := newServer(t)
	url := srv.URL + "/check/1"
	o := runCmd(t.Context(), "", url, url, url)
	assert.Equal(t, exitOK, o.code)
	assert.Equal(t, slices.Repeat([]string{url + ": 200 OK"}, 3), o.lines())
}

func TestExitCodes(t *testing.T) {
	srv := newServer(t)
	ok := srv.URL + "/check/1"
	empty := filepath.Join(t.TempDir(), "empty.txt")
	require.NoError(t, os.WriteFile(empty, []byte("\n# nothing\n"), 0o644))
	notDir := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(notDir, nil, 0o644))

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a part of the message, for usage errors
	}{
		{"all-ok", []string{ok, ok}, exitOK, ""},
		{"a-404", []string{ok, srv.URL + "/status/404"}, exitFail, ""},
		{"a-500", []string{srv.URL + "/status/500"}, exitFail, ""},
		{"an-error", []string{ok, closedPort(t)}, exitFail, ""},

		{"no-urls", nil, exitUsage,
			"urlcheck: no URLs: give some as arguments or with -f FILE; -h for help"},
		{"unknown-flag", []string{"-bogus", ok}, exitUsage,
			"flag provided but not defined: -bogus"},
		{"bad-workers", []string{"-workers", "many", ok}, exitUsage,
			"invalid value"},
		{"unknown-style", []string{"-style", "threads", ok}, exitUsage,
			`unknown style "threads": use one of sequential, pooled, goroutines`},
		{"no-workers", []string{"-workers", "0", ok}, exitUsage,
			"a pool needs at least 1 worker"},
		{"zero-timeout", []string{"-timeout", "0s", ok}, exitUsage,
			"give a positive duration"},
		{"bad-timeout", []string{"-timeout", "10", ok}, exitUsage,
			"invalid value"},
		{"missing-file", []string{"-f", "/no/such/file"}, exitUsage,
			"no such file"},
		{"empty-file", []string{"-f", empty}, exitUsage, "no URLs in"},
		{"demo-json", []string{"-demo", "-json"}, exitUsage,
			"-json does not apply to -demo"},
		{"demo-style", []string{"-demo", "-style", "pooled"}, exitUsage,
			"-style does not apply to -demo"},
		{"demo-file", []string{"-demo", "-f", empty}, exitUsage,
			"-f does not apply to -demo"},
		{"demo-urls", []string{"-demo", ok}, exitUsage, "-demo takes no URLs"},
		{"timeline-alone", []string{"-timeline", t.TempDir(), ok}, exitUsage,
			"use it with -demo"},
		{"timeline-not-a-dir", []string{"-demo", "-timeline",
			filepath.Join(notDir, "sub")}, exitUsage, "-timeline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := runCmd(t.Context(), "", tt.args...)
			assert.Equal(t, tt.code, o.code, "stderr: %s", o.stderr)
			if tt.code == exitUsage {
				assert.Empty(t, o.stdout, "nothing is checked")
				assert.Contains(t, o.stderr, tt.stderr)
				assert.Contains(t, o.stderr, "-h for help",
					"the message says where to look")
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, flag := range []string{"-h", "-help", "--help"} {
		t.Run(flag, func(t *testing.T) {
			o := runCmd(t.Context(), "", flag)
			assert.Equal(t, exitOK, o.code)
			assert.Empty(t, o.stderr)
			for _, want := range []string{
				"urlcheck checks URLs", "Usage:", "Flags:", "Styles:",
				"Examples:", "Exit status:",
				"-style STYLE", "-workers N", "-timeout D", "-json",
				"-f FILE", "-demo", "-timeline DIR",
				"sequential", "pooled", "goroutines",
				"0  every URL is ok", "1  some URL is not", "2  usage error",
			} {
				assert.Contains(t, o.stdout, want)
			}
		})
	}
}

func TestJSON(t *testing.T) {
	srv := newServer(t)
	refused := closedPort(t)
	urls := []string{srv.URL + "/check/1", srv.URL + "/redirect/2",
		srv.URL + "/status/503", refused}

	o := runCmd(t.Context(), "", append([]string{"-json"}, urls...)...)
	assert.Equal(t, exitFail, o.code)

	got := map[string]map[string]any{}
	for _, line := range o.lines() {
		var obj map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &obj), line)
		require.IsType(t, "", obj["url"], line)
		got[obj["url"].(string)] = obj
	}
	require.Len(t, got, len(urls), "one object per URL: %s", o.stdout)

	// Numbers decode as float64.
	for _, obj := range got {
		assert.IsType(t, float64(0), obj["status"])
		assert.IsType(t, true, obj["ok"])
		assert.IsType(t, float64(0), obj["elapsed_ms"])
		assert.GreaterOrEqual(t, obj["elapsed_ms"], float64(0))
	}
	// ok: no error field at all, not an empty one.
	for _, url := range urls[:2] {
		assert.Equal(t, float64(200), got[url]["status"], "after redirects")
		assert.Equal(t, true, got[url]["ok"])
		assert.NotContains(t, got[url], "error")
		assert.Len(t, got[url], 4, "url, status, ok, elapsed_ms")
	}
	// A 503 is an answer, not an error, but not ok either.
	assert.Equal(t, float64(503), got[urls[2]]["status"])
	assert.Equal(t, false, got[urls[2]]["ok"])
	assert.NotContains(t, got[urls[2]], "error")
	// No answer: status 0 and the reason.
	assert.Equal(t, float64(0), got[refused]["status"])
	assert.Equal(t, false, got[refused]["ok"])
	assert.Contains(t, got[refused]["error"], "connection refused")
}

func TestURLsFromFile(t *testing.T) {
	srv := newServer(t)
	urls := srv.URLs(3)
	list := "# the URLs to check\n\n" +
		urls[0] + "\n" +
		"   " + urls[1] + "  \r\n" + // spaces and a Windows line end
		"\t\n" +
		"  # an indented comment\n" +
		urls[2] // no newline at the end
	file := filepath.Join(t.TempDir(), "urls.txt")
	require.NoError(t, os.WriteFile(file, []byte(list), 0o644))

	t.Run("file", func(t *testing.T) {
		o := runCmd(t.Context(), "", "-f", file)
		assert.Equal(t, exitOK, o.code, o.stderr)
		byURL(t, o, urls)
	})
	t.Run("stdin", func(t *testing.T) {
		o := runCmd(t.Context(), list, "-f", "-")
		assert.Equal(t, exitOK, o.code, o.stderr)
		byURL(t, o, urls)
	})
	t.Run("and-arguments", func(t *testing.T) {
		extra := srv.URL + "/hello/file"
		o := runCmd(t.Context(), "", "-style", "sequential", "-f", file,
			extra)
		assert.Equal(t, exitOK, o.code, o.stderr)
		// Sequential prints in order: the arguments, then the file.
		assert.Equal(t, extra+": 200 OK", o.lines()[0])
		byURL(t, o, append(urls, extra))
	})
}

// Every kind of bad input gets its own line with a clear reason, in
// every style, and none stops the others or crashes the program.
func TestBadInput(t *testing.T) {
	srv := newServer(t)
	refused := closedPort(t)
	want := map[string]string{ // URL: a pattern its line must match
		"http://[::1":            `: error: invalid URL: missing ']'`,
		"::no scheme":            `: error: invalid URL: missing protocol scheme`,
		"go.dev":                 `: error: unsupported protocol scheme ""`,
		"ftp://example.invalid/": `: error: unsupported protocol scheme "ftp"`,
		"http://nothing.invalid/": `: error: .*(lookup nothing\.invalid|` +
			`deadline exceeded)`,
		refused:                       `: error: .*connection refused`,
		srv.URL + "/hang":             `: error: .*Client.Timeout exceeded`,
		srv.URL + "/loop":             `: error: stopped after 10 redirects`,
		srv.URL + "/reset":            `: error: .*(reset by peer|EOF)`,
		srv.URL + "/status/503":       `: 503 Service Unavailable$`,
		srv.URL + "/huge/10000000000": `: 200 OK$`, // read 64 KiB, no more
		srv.URL + "/check/1":          `: 200 OK$`,
	}
	var urls []string
	for url := range want {
		urls = append(urls, url)
	}
	slices.Sort(urls)

	for _, style := range styles {
		t.Run(style, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"-style", style, "-timeout", "1s"},
				urls...)
			o := runCmd(t.Context(), "", args...)
			assert.Equal(t, exitFail, o.code)
			got := byURL(t, o, urls)
			for _, url := range urls {
				assert.Regexp(t, `^`+regexpQuote(url)+want[url], got[url])
			}
			assert.Contains(t, o.stderr, "2 ok, 10 failed")
		})
	}
}

func regexpQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Cancelling the context, as Ctrl-C does, stops the checks in flight:
// run returns at once, every URL has its line, and the unfinished ones
// say why.
func TestCancel(t *testing.T) {
	for _, style := range styles {
		t.Run(style, func(t *testing.T) {
			srv := newServer(t)
			urls := []string{srv.URL + "/check/0", srv.URL + "/hang?a",
				srv.URL + "/check/1", srv.URL + "/hang?b",
				srv.URL + "/hang?c", srv.URL + "/check/2"}
			// Where each style gets stuck: sequential at the first hang,
			// after 2 requests; a pool of 2 at the first two hangs,
			// after 4; goroutines at all three hangs, after all 6.
			want := map[string]bench.Stats{
				"sequential": {Requests: 2, InFlight: 1},
				"pooled":     {Requests: 4, InFlight: 2},
				"goroutines": {Requests: 6, InFlight: 3},
			}[style]

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan outcome, 1)
			go func() {
				// A long timeout: only the cancel can end the hangs.
				done <- runCmd(ctx, "", append([]string{"-style", style,
					"-workers", "2", "-timeout", "1m"}, urls...)...)
			}()

			// The server sees the hangs arrive; nothing sleeps.
			require.Eventually(t, func() bool {
				s := srv.Stats()
				return s.Requests == want.Requests &&
					s.InFlight == want.InFlight
			}, patience, time.Millisecond, "stuck at the hangs")
			cancel()

			var o outcome
			select {
			case o = <-done:
			case <-time.After(patience):
				t.Fatal("run did not return after the cancel")
			}
			assert.Equal(t, exitFail, o.code)
			got := byURL(t, o, urls)
			for _, url := range urls {
				if strings.Contains(url, "/hang") {
					assert.Equal(t, url+": error: context canceled", got[url])
				} else {
					assert.Regexp(t, `: (200 OK|error: context canceled)$`,
						got[url])
				}
			}
			if style == "sequential" {
				// The first URL had finished; the rest never started.
				assert.Equal(t, urls[0]+": 200 OK", got[urls[0]])
				assert.Equal(t, urls[5]+": error: context canceled",
					got[urls[5]])
			}
			assert.Contains(t, o.stderr, "interrupted")
		})
	}
}

// Ctrl-C while the URLs are still being read from a terminal, which
// blocks until a line is typed, ends the program too.
func TestCancelWhileReading(t *testing.T) {
	stdin, typist := io.Pipe() // nothing is typed until Close
	defer typist.Close()       // lets the blocked read end
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"-f", "-"}, stdin, &stdout, &stderr)
	assert.Equal(t, exitFail, code)
	assert.Empty(t, stdout.String())
	assert.Equal(t, "urlcheck: interrupted\n", stderr.String())
}

func TestProgress(t *testing.T) {
	srv := newServer(t)
	urls := srv.URLs(5)

	// On a terminal: the line is drawn, rewritten with \r, and cleared
	// before the summary.
	var stdout, stderr bytes.Buffer
	c := &cli{stdin: strings.NewReader(""), stdout: &stdout,
		stderr: &stderr, progress: true}
	code := c.run(t.Context(), urls)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stderr.String(), "\rurlcheck: 0/5 checked, ")
	assert.Contains(t, stderr.String(), "\rurlcheck: 5/5 checked, ")
	assert.Regexp(t, `\r +\rurlcheck: 5 URLs, [^\r]*\n$`, stderr.String(),
		"cleared, then the summary")
	assert.NotContains(t, stdout.String(), "\r", "stdout stays clean")
	assert.Len(t, strings.Split(strings.TrimSpace(stdout.String()), "\n"), 5)

	// Elsewhere, none.
	o := runCmd(t.Context(), "", urls...)
	assert.NotContains(t, o.stderr, "checked,")
	assert.NotContains(t, o.stderr, "\r")
}

func TestIsTerminal(t *testing.T) {
	assert.False(t, isTerminal(&bytes.Buffer{}))

	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a file")

	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, isTerminal(w), "a pipe")
}

func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "timelines")
	o := runCmd(t.Context(), "", "-demo", "-workers", "4",
		"-timeline", dir)
	require.Equal(t, exitOK, o.code, o.stderr)

	assert.Contains(t, o.stdout, "The same 16 URLs on a local server")
	assert.Regexp(t, `style +wall time +ideal floor +x-floor +`+
		`peak in flight +new conns`, o.stdout)
	assert.Contains(t, o.stdout, "x-floor: wall time / ideal floor")

	// Each style's row: name, wall time, floor, x-floor, peak, conns.
	rows := map[string][]string{}
	for _, line := range strings.Split(o.stdout, "\n") {
		f := strings.Fields(line)
		if len(f) == 6 && slices.Contains(styles, f[0]) {
			rows[f[0]] = f
		}
	}
	require.Len(t, rows, 3, o.stdout)
	floors := map[string]string{
		"sequential": "1.6s", "pooled": "470ms", "goroutines": "200ms"}
	widths := map[string]int{"sequential": 1, "pooled": 4, "goroutines": 16}
	for style, f := range rows {
		assert.Equal(t, floors[style], f[2], "floor of %s", style)
		wall, err := time.ParseDuration(f[1])
		assert.NoError(t, err)
		assert.Positive(t, wall)
		x, err := strconv.ParseFloat(f[3], 64)
		assert.NoError(t, err)
		assert.Positive(t, x)
		peak, _ := strconv.Atoi(f[4])
		conns, _ := strconv.Atoi(f[5])
		assert.LessOrEqual(t, peak, widths[style], style)
		assert.Positive(t, peak, style)
		assert.Positive(t, conns, style)
	}
	// One at a time, over one connection.
	assert.Equal(t, []string{"1", "1"}, rows["sequential"][4:])

	for _, style := range styles {
		data, err := os.ReadFile(filepath.Join(dir,
			"timeline-"+style+".svg"))
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(data, []byte("<?xml")))
		assert.Contains(t, string(data), style+": 16 URLs in ")
	}

	// The pictures can be drawn again from the saved runs.
	runs, err := timeline.Load(filepath.Join(dir, "timeline.json"))
	require.NoError(t, err)
	require.Len(t, runs, len(styles))
	for i, r := range runs {
		assert.Equal(t, styles[i], r.Style)
		assert.Len(t, r.Bars, 16)
	}
}

func TestMakespan(t *testing.T) {
	ms := func(ds ...int) []time.Duration {
		out := make([]time.Duration, len(ds))
		for i, d := range ds {
			out[i] = time.Duration(d) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		delays  []time.Duration
		workers int
		want    int // ms
	}{
		{nil, 4, 0},
		{ms(10, 20), 0, 0},
		{ms(30, 10, 20), 1, 60},  // one worker: the sum
		{ms(30, 10, 20), 3, 30},  // a worker each: the longest
		{ms(30, 10, 20), 10, 30}, // idle workers change nothing
		// Two workers: 30 on one; 10, 20 then 10 on the other.
		{ms(30, 10, 20, 10), 2, 40},
		// In order, not the best split (30 | 10, 10): the 30 comes
		// last and waits for a free worker.
		{ms(10, 10, 30), 2, 40},
	}
	for _, tt := range tests {
		name := fmt.Sprint(tt.delays, "/", tt.workers)
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, time.Duration(tt.want)*time.Millisecond,
				makespan(tt.delays, tt.workers))
		})
	}

	// With equal delays it is the benchmarks' floor, ⌈n/w⌉·delay.
	for n := range 20 {
		for w := 1; w <= 8; w++ {
			delays := slices.Repeat(ms(20), n)
			assert.Equal(t, bench.Floor(n, w, 20*time.Millisecond),
				makespan(delays, w), "n=%d w=%d", n, w)
		}
	}

	// The demo's own list: its sum, and its longest delay.
	assert.Equal(t, 1600*time.Millisecond, makespan(demoDelays, 1))
	assert.Equal(t, 200*time.Millisecond,
		makespan(demoDelays, len(demoDelays)))
}

func TestReadURLs(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"blank", "\n \n\t\r\n", nil},
		{"comments", "# a\n  # b\n#", nil},
		{"one", "http://a", []string{"http://a"}},
		{"trimmed", "  http://a \t\r\nhttp://b\n", []string{"http://a", "http://b"}},
		{"fragment", "http://a/#top", []string{"http://a/#top"}},
		{"kept-invalid", "not a url\n", []string{"not a url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readURLs(strings.NewReader(tt.in))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	t.Run("line-too-long", func(t *testing.T) {
		in := "http://a\n" + strings.Repeat("x", 2<<20)
		_, err := readURLs(strings.NewReader(in))
		assert.ErrorContains(t, err, "line 2")
	})
}

// FuzzReadURLs checks that any -f input gives URLs that are neither
// blank nor comments, trimmed, one per line, and never a panic. Its
// seeds run as a plain test; go test -fuzz FuzzReadURLs explores more.
func FuzzReadURLs(f *testing.F) {
	for _, seed := range []string{
		"",
		"\n",
		"http://a\nhttp://b\n",
		"# comment\n\nhttp://a\n",
		"  \t http://a  \r\n",
		"#\n#http://a\n  #x\n",
		"http://a/#fragment\n",
		"\r\r\n\x00\n",
		"\xff\xfe\n http://\u00e9.invalid/ \n",
		"\u00a0http://a\u00a0\n\u0085\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		urls, err := readURLs(strings.NewReader(in))
		if err != nil {
			return // a line too long to read
		}
		assert.LessOrEqual(t, len(urls), strings.Count(in, "\n")+1)
		for _, u := range urls {
			assert.NotEmpty(t, u)
			assert.Equal(t, strings.TrimSpace(u), u, "trimmed")
			assert.False(t, strings.HasPrefix(u, "#"), "a comment: %q", u)
			assert.NotContains(t, u, "\n")
		}
	})
}
