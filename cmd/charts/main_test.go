package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"urlcheck/internal/timeline"
)

// testdata/results.txt holds every benchmark of the grid in the
// format make bench writes, six runs of each; a cell's median is the
// figure of its first run.
const results = "testdata/results.txt"

// Every chart is written, as SVG that parses as XML, with its title,
// its axis labels and a legend.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-o", dir, results}, &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	assert.Empty(t, stderr.String(), "six runs a cell: nothing to warn about")

	for _, tc := range []struct {
		file string
		text []string
	}{
		{"scaling.svg", []string{"Time per run: 20ms per request",
			"URLs checked", "time per run", "sequential", "pooled", "goroutines"}},
		{"scaling-cpu.svg", []string{"checks per second", "URLs checked",
			"sequential", "goroutines"}},
		{"poolsize.svg", []string{"Pool size", "workers W", "floor"}},
		{"pitfalls.svg", []string{"Pitfalls", "of 100 URLs",
			"new TCP connections per run", "idle pool of 2 (default)"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join(dir, tc.file)
			assert.Contains(t, stdout.String(), path+"\n")
			svg, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Equal(t, "svg", rootElement(t, svg))
			for _, text := range tc.text {
				assert.Contains(t, string(svg), text)
			}
		})
	}
}

// rootElement parses svg to its end as XML and returns the name of
// its root element.
func rootElement(t *testing.T, svg []byte) string {
	t.Helper()
	var root string
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return root
		}
		require.NoError(t, err, "the SVG is not well-formed XML")
		if start, ok := tok.(xml.StartElement); ok && root == "" {
			root = start.Name.Local
		}
	}
}

// Results with no pool-size or pitfall benchmarks, as make
// bench-quick writes them, give the charts they can and say which are
// left out. With one run a cell there is no interval to draw.
func TestRunSome(t *testing.T) {
	in := filepath.Join(t.TempDir(), "quick.txt")
	require.NoError(t, os.WriteFile(in, []byte(checkOnly), 0o644))
	dir := filepath.Join(t.TempDir(), "new", "dir")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-o", dir, in}, &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())

	assert.FileExists(t, filepath.Join(dir, "scaling.svg"))
	assert.FileExists(t, filepath.Join(dir, "scaling-cpu.svg"))
	assert.NoFileExists(t, filepath.Join(dir, "poolsize.svg"))
	assert.NoFileExists(t, filepath.Join(dir, "pitfalls.svg"))
	assert.Contains(t, stderr.String(), "no results for poolsize.svg")
	assert.Contains(t, stderr.String(), "no results for pitfalls.svg")
	assert.Contains(t, stderr.String(), "fewer than 6 runs")
}

const checkOnly = `goos: linux
BenchmarkCheck/urls=10/delay=0s/style=sequential-2 100 400000 ns/op 25000 checks/s
BenchmarkCheck/urls=10/delay=0s/style=goroutines-2 100 300000 ns/op 33333 checks/s
BenchmarkCheck/urls=10/delay=20ms/style=sequential-2 5 205000000 ns/op
BenchmarkCheck/urls=10/delay=20ms/style=goroutines-2 50 21000000 ns/op
`

// A command line that gives no results exits 2 and says why; -h
// explains the command.
func TestRunUsage(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.txt")
	require.NoError(t, os.WriteFile(empty, []byte("goos: linux\nPASS\n"), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no-file", nil, exitUsage, "no results file given"},
		{"missing", []string{"nothere.txt"}, exitUsage, "nothere.txt"},
		{"empty", []string{empty}, exitUsage, "no benchmark results in"},
		{"bad-flag", []string{"-x", results}, exitUsage, "-x"},
		{"help", []string{"-h"}, exitOK, "usage: charts [-o dir]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, stderr.String(), tc.says)
			assert.Empty(t, stdout.String(), "no chart written")
		})
	}
}

// group puts the lines in the styles' order and the points in the
// order of their numbers, whatever the input's order, and summarizes
// each cell by the median of its runs. Other delays, other
// benchmarks and other units stay out.
func TestGroup(t *testing.T) {
	in := `goos: linux
BenchmarkCheck/urls=100/delay=20ms/style=goroutines-2 1 30000000 ns/op 7 conns/op
BenchmarkCheck/urls=100/delay=20ms/style=goroutines-2 1 25000000 ns/op 7 conns/op
BenchmarkCheck/urls=100/delay=20ms/style=goroutines-2 1 26000000 ns/op 7 conns/op
BenchmarkCheck/urls=10/delay=20ms/style=goroutines-2 1 21000000 ns/op
BenchmarkCheck/urls=100/delay=20ms/style=sequential-2 1 2000000000 ns/op
BenchmarkCheck/urls=100/delay=20ms/style=sequential-2 1 2100000000 ns/op
BenchmarkCheck/urls=10/delay=20ms/style=sequential-2 1 200000000 ns/op
BenchmarkCheck/urls=10/delay=0s/style=sequential-2 1 400000 ns/op
BenchmarkCheck/urls=10/delay=20ms/style=pooled-2 1 40000000 ns/op
BenchmarkPoolSize/urls=100/delay=20ms/workers=8-2 1 270000000 ns/op
`
	lines, err := group(parse(t, in), ".name:Check /delay:20ms",
		styles, "/urls@num", "sec/op")
	require.NoError(t, err)

	type cell struct {
		label  string
		x      float64
		runs   int
		median float64
	}
	got := map[string][]cell{}
	var order []string
	for _, l := range lines {
		order = append(order, l.Name)
		assert.Equal(t, map[string]string{"/style": l.Name}, l.Config)
		for _, p := range l.Points {
			got[l.Name] = append(got[l.Name],
				cell{p.Label, p.X, p.Runs, math.Round(p.Center * 1e6)})
		}
	}
	assert.Equal(t, []string{"sequential", "pooled", "goroutines"}, order)
	// Medians in µs: of 3 runs, the middle one; of 2, their mean.
	assert.Equal(t, map[string][]cell{
		"sequential": {{"10", 10, 1, 200_000}, {"100", 100, 2, 2_050_000}},
		"pooled":     {{"10", 10, 1, 40_000}},
		"goroutines": {{"10", 10, 1, 21_000}, {"100", 100, 3, 26_000}},
	}, got)
	assert.True(t, hasInfiniteCI(lines), "3 runs are too few for an interval")
}

// With six runs a cell has a finite interval around its median, and
// the pitfalls' cases come in the order their projection lists them.
func TestGroupPitfalls(t *testing.T) {
	f, err := os.Open(results)
	require.NoError(t, err)
	defer f.Close()
	var rs []*benchfmt.Result
	r := benchfmt.NewReader(f, results)
	for r.Scan() {
		if res, ok := r.Result().(*benchfmt.Result); ok {
			rs = append(rs, res.Clone())
		}
	}
	require.NoError(t, r.Err())

	var c chart
	for _, c = range charts {
		if c.file == "pitfalls.svg" {
			break
		}
	}
	lines, err := group(rs, c.filter, c.line, c.x, c.unit)
	require.NoError(t, err)
	var names []string
	for _, l := range lines {
		names = append(names, l.Name)
		require.Len(t, l.Points, 2, l.Name)
		assert.Equal(t, "pooled", l.Points[0].Label)
		assert.Equal(t, "goroutines", l.Points[1].Label)
		for _, p := range l.Points {
			assert.Equal(t, 6, p.Runs)
			assert.False(t, math.IsInf(p.Lo, 0) || math.IsInf(p.Hi, 0))
			assert.LessOrEqual(t, p.Lo, p.Center)
			assert.GreaterOrEqual(t, p.Hi, p.Center)
		}
	}
	assert.Equal(t, []string{
		"100 default drained", "100 default undrained",
		"100 sized drained", "100 sized undrained",
	}, names)
	// The sample's figures: the default idle pool costs the pool 31
	// new connections a run; sized and drained costs none.
	assert.Equal(t, 31.0, lines[0].Points[0].Center)
	assert.Equal(t, 0.0, lines[2].Points[1].Center)
	assert.Equal(t, "idle pool sized to the style, body read to its end",
		pitfallName(lines[2]))
}

// parse reads results in the benchmark format, as read does.
func parse(t *testing.T, in string) []*benchfmt.Result {
	t.Helper()
	path := filepath.Join(t.TempDir(), "results.txt")
	require.NoError(t, os.WriteFile(path, []byte(in), 0o644))
	var stderr strings.Builder
	rs, err := read([]string{path}, &stderr)
	require.NoError(t, err)
	require.Empty(t, stderr.String())
	return rs
}

// The demo's saved runs are drawn again, one timeline per style, with
// or without benchmark results beside them.
func TestRunTimeline(t *testing.T) {
	dir := t.TempDir()
	saved := filepath.Join(dir, "timeline.json")
	require.NoError(t, timeline.Save(saved, []timeline.Run{
		{Style: "sequential", Title: "sequential", Bars: []timeline.Bar{
			{Label: "/a", End: time.Millisecond, OK: true}}},
		{Style: "goroutines", Title: "goroutines", Bars: []timeline.Bar{
			{Label: "/a", End: time.Millisecond, OK: true}}},
	}))
	var stdout, stderr bytes.Buffer
	code := run([]string{"-o", dir, "-timeline", saved}, &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	for _, style := range []string{"sequential", "goroutines"} {
		assert.FileExists(t, filepath.Join(dir, "timeline-"+style+".svg"))
	}

	code = run([]string{"-o", dir, "-timeline", filepath.Join(dir, "none")},
		&stdout, &stderr)
	assert.Equal(t, exitUsage, code)
}
