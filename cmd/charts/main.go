// Command charts draws the results of package bench's benchmarks as
// SVG charts, for the docs and for a projector:
//
//	scaling.svg      time per run against the number of URLs, per style
//	scaling-cpu.svg  the same with no delay: checks per second
//	poolsize.svg     the pool-size sweep against its floor ⌈N/W⌉·delay
//	pitfalls.svg     the connections each pitfall costs, as bars
//
// It reads the raw output of go test -bench, the file make bench
// saves, and summarizes it as benchstat does: each cell's runs become
// their median and its 95% confidence interval, drawn as an error bar.
// A cell needs at least 6 runs for an interval.
//
//	go run ./cmd/charts -o docs docs/results/FILE.txt
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
	"gonum.org/v1/plot"

	"urlcheck/bench"
	"urlcheck/internal/timeline"
)

// Exit statuses.
const (
	exitOK    = 0 // every chart that has results was written
	exitFail  = 1 // a chart could not be drawn or written
	exitUsage = 2 // no input: a wrong command line, or no results
)

// confidence is the level of the intervals, benchstat's default.
const confidence = 0.95

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: charts [-o dir] [-timeline timeline.json] results.txt...

Charts reads benchmark results (the raw output of go test -bench, as
make bench saves it in docs/results/) and writes SVG charts into dir:
scaling.svg, scaling-cpu.svg, poolsize.svg and pitfalls.svg. A chart
whose benchmark is not in the results is left out. Each point is the
median of a cell's runs; its error bar is the 95% confidence interval,
which needs at least 6 runs (make bench COUNT=6 or more). With
-timeline, it also draws the demo's saved runs (make demo saves them).

`

// run is the program: it parses args, reads the results, writes the
// charts, names each file it wrote on stdout and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("charts", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("o", ".", "write the charts into `dir`")
	timelines := flags.String("timeline", "", "also draw timeline-STYLE.svg "+
		"from the demo's saved runs in `file` (timeline.json)")
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), usage)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if *timelines != "" {
		if err := drawTimelines(*timelines, *dir, stdout); err != nil {
			fmt.Fprintf(stderr, "charts: %v\n", err)
			return exitUsage
		}
		if flags.NArg() == 0 {
			return exitOK
		}
	}
	if flags.NArg() == 0 {
		fmt.Fprintln(stderr, "charts: no results file given")
		flags.Usage()
		return exitUsage
	}

	results, err := read(flags.Args(), stderr)
	if err != nil {
		fmt.Fprintf(stderr, "charts: %v\n", err)
		return exitUsage
	}
	if len(results) == 0 {
		fmt.Fprintf(stderr, "charts: no benchmark results in %s "+
			"(make bench writes them)\n", strings.Join(flags.Args(), ", "))
		return exitUsage
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "charts: %v\n", err)
		return exitFail
	}

	status, fewRuns := exitOK, false
	for _, c := range charts {
		lines, err := group(results, c.filter, c.line, c.x, c.unit)
		if err != nil {
			fmt.Fprintf(stderr, "charts: %s: %v\n", c.file, err)
			status = exitFail
			continue
		}
		if len(lines) == 0 {
			fmt.Fprintf(stderr, "charts: no results for %s (%s)\n",
				c.file, c.filter)
			continue
		}
		path := filepath.Join(*dir, c.file)
		p, err := c.draw(lines)
		if err == nil {
			err = save(p, path)
		}
		if err != nil {
			fmt.Fprintf(stderr, "charts: %v\n", err)
			status = exitFail
			continue
		}
		fmt.Fprintln(stdout, path)
		fewRuns = fewRuns || hasInfiniteCI(lines)
	}
	if fewRuns {
		fmt.Fprintln(stderr, "charts: some cells have fewer than 6 runs: "+
			"no confidence interval, so no error bar")
	}
	return status
}

// drawTimelines draws the runs that urlcheck -demo -timeline saved in
// file, one SVG per style, into dir.
func drawTimelines(file, dir string, stdout io.Writer) error {
	runs, err := timeline.Load(file)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := timeline.DrawAll(dir, runs); err != nil {
		return err
	}
	for _, r := range runs {
		fmt.Fprintln(stdout, filepath.Join(dir, "timeline-"+r.Style+".svg"))
	}
	return nil
}

// A chart is one SVG file: which results it shows and how they are
// grouped, as benchstat's -filter, -row and -col expressions, and
// how it is drawn.
type chart struct {
	file   string
	filter string // which results
	line   string // a line, or a colour of bars, per key
	x      string // a point per key
	unit   string // the measurement shown
	draw   func([]Line) (*plot.Plot, error)
}

// styles orders lines by style as the benchmarks list them, the talk's
// order: sequential, pooled, goroutines.
var styles = "/style@(" + strings.Join(bench.StyleNames(), " ") + ")"

// The delays of BenchmarkCheck: Latency, and none.
const (
	latency = "20ms"
	noDelay = "0s"
)

var charts = []chart{{
	file:   "scaling.svg",
	filter: ".name:Check /delay:" + latency,
	line:   styles, x: "/urls@num", unit: "sec/op",
	draw: scaling,
}, {
	file:   "scaling-cpu.svg",
	filter: ".name:Check /delay:" + noDelay,
	line:   styles, x: "/urls@num", unit: "checks/s",
	draw: throughput,
}, {
	file:   "poolsize.svg",
	filter: ".name:PoolSize",
	line:   "/urls,/delay", x: "/workers@num", unit: "sec/op",
	draw: poolSize,
}, {
	file:   "pitfalls.svg",
	filter: ".name:Pitfalls",
	line:   "/urls,/idle@(default sized),/body@(drained undrained)",
	x:      styles, unit: "conns/op",
	draw: pitfalls,
}}

// read returns every benchmark result in the files at paths. A line
// that does not parse is reported on stderr and skipped, as benchstat
// does; a file that cannot be read is an error.
func read(paths []string, stderr io.Writer) ([]*benchfmt.Result, error) {
	files := benchfmt.Files{Paths: paths}
	var results []*benchfmt.Result
	for files.Scan() {
		switch rec := files.Result().(type) {
		case *benchfmt.Result:
			// The reader reuses rec for the next result: keep a copy.
			results = append(results, rec.Clone())
		case *benchfmt.SyntaxError:
			fmt.Fprintf(stderr, "charts: %v\n", rec)
		}
	}
	return results, files.Err()
}

// A Line is one series of a chart: one style, or one case of the
// pitfalls, with a Point per value on the x axis.
type Line struct {
	Name   string            // the line's key, "pooled" or "sized drained"
	Config map[string]string // the same by field: "/idle" → "sized"
	Points []Point
}

// A Point is one benchmark cell: the median of its runs and the
// confidence interval around it (±Inf with fewer than 6 runs).
type Point struct {
	Label string  // the x value as the benchmark name writes it
	X     float64 // the same as a number, or 0 if it is not one
	Runs  int
	benchmath.Summary
}

// group gathers the cells of one chart: the results that pass filter,
// one Line per key of the line projection and, in each, one Point per
// key of the x projection, made of the values measured in unit. Lines
// and points come in the projections' order: as listed in @(…), by
// number for @num, else as first seen.
func group(results []*benchfmt.Result,
	filter, line, x, unit string) ([]Line, error) {

	f, err := benchproc.NewFilter(filter)
	if err != nil {
		return nil, err
	}
	var parser benchproc.ProjectionParser
	byLine, err := parser.Parse(line, f)
	if err != nil {
		return nil, err
	}
	byX, unitField, err := parser.ParseWithUnit(x, f)
	if err != nil {
		return nil, err
	}

	// A cell's values, one per run, under its line's key and its own.
	type cell struct{ line, x benchproc.Key }
	values := map[cell][]float64{}
	xKeys := map[benchproc.Key][]benchproc.Key{}
	var lineKeys []benchproc.Key
	for _, r := range results {
		match, err := f.Match(r)
		if err != nil {
			return nil, err
		}
		lk := byLine.Project(r)
		// One key per value of r: the x key, plus the value's unit.
		for i, xk := range byX.ProjectValues(r) {
			if !match.Test(i) || xk.Get(unitField) != unit {
				continue
			}
			c := cell{lk, xk}
			if _, seen := values[c]; !seen {
				if len(xKeys[lk]) == 0 {
					lineKeys = append(lineKeys, lk)
				}
				xKeys[lk] = append(xKeys[lk], xk)
			}
			values[c] = append(values[c], r.Values[i].Value)
		}
	}

	benchproc.SortKeys(lineKeys)
	lines := make([]Line, len(lineKeys))
	for i, lk := range lineKeys {
		l := Line{Name: lk.StringValues(), Config: map[string]string{}}
		for _, field := range byLine.Fields() {
			l.Config[field.Name] = lk.Get(field)
		}
		benchproc.SortKeys(xKeys[lk])
		for _, xk := range xKeys[lk] {
			label := xk.Get(byX.Fields()[0])
			l.Points = append(l.Points,
				newPoint(label, values[cell{lk, xk}]))
		}
		lines[i] = l
	}
	return lines, nil
}

// newPoint summarizes a cell's values: their median and its
// confidence interval, with no assumption about their distribution.
func newPoint(label string, values []float64) Point {
	x, _ := strconv.ParseFloat(label, 64)
	sample := benchmath.NewSample(values, &benchmath.DefaultThresholds)
	return Point{Label: label, X: x, Runs: len(values),
		Summary: benchmath.AssumeNothing.Summary(sample, confidence)}
}

// hasInfiniteCI reports whether a point had too few runs for an
// interval.
func hasInfiniteCI(lines []Line) bool {
	for _, l := range lines {
		for _, p := range l.Points {
			if math.IsInf(p.Lo, 0) || math.IsInf(p.Hi, 0) {
				return true
			}
		}
	}
	return false
}
