//go:build solution

package readtable

import (
	"fmt"
	"io"
	"math"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// Solved tells the tests whether the answers below are filled in and
// Fastest is written.
const Solved = true

// Part 1: the answers, read from the tables that benchstat prints for
// testdata/results.txt (README.md has the commands).
const (
	// Runs is how many runs of each benchmark the file holds: the
	// n=6 in every comparison.
	Runs = 6

	// Fastest100 is the style with the least sec/op at urls=100,
	// delay=20ms: 24.89m, against 272.52m and 2063.93m.
	Fastest100 = "goroutines"

	// GoroutinesVsSequential is the change in sec/op of goroutines
	// against sequential at urls=100, delay=20ms: -98.79%.
	GoroutinesVsSequential = -98.79

	// PooledXFloor is pooled's x-floor at urls=100, delay=20ms: 1.048,
	// 4.8% over its floor.
	PooledXFloor = 1.048

	// NoDifference is the style whose sec/op at urls=10, delay=0s
	// benchstat cannot tell from sequential's: "~ (p=0.814 n=6)".
	NoDifference = "pooled"

	// DefaultPoolConns is the new connections per run (conns/op) of
	// the pooled style in BenchmarkPitfalls, with the default idle
	// pool and every body read to its end: 31, against 0 with the
	// idle pool sized to the workers.
	DefaultPoolConns = 31.0
)

// Part 2: Fastest reads benchmark results in the format go test -bench
// prints and returns the style of BenchmarkCheck with the least median
// sec/op at the given number of URLs and delay (as the benchmark names
// write it: "20ms", "0s"). It returns an error if r cannot be read or
// holds no such benchmark.
func Fastest(r io.Reader, urls int, delay string) (string, error) {
	// The filter keeps the cells asked about, and in them the sec/op
	// values only; the projection tells the styles apart.
	filter, err := benchproc.NewFilter(fmt.Sprintf(
		".name:Check /urls:%d /delay:%s .unit:sec/op", urls, delay))
	if err != nil {
		return "", err
	}
	var parser benchproc.ProjectionParser
	byStyle, err := parser.Parse("/style", filter)
	if err != nil {
		return "", err
	}

	times := map[string][]float64{}
	reader := benchfmt.NewReader(r, "results")
	for reader.Scan() {
		// Other records are config lines and lines that do not parse.
		res, ok := reader.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		match, err := filter.Match(res)
		if err != nil {
			return "", err
		}
		// Apply drops the values the filter does not keep.
		if !match.Apply(res) {
			continue
		}
		style := byStyle.Project(res).StringValues()
		for _, v := range res.Values {
			times[style] = append(times[style], v.Value)
		}
	}
	if err := reader.Err(); err != nil {
		return "", err
	}

	// The median, not the mean or the least: one lucky or unlucky run
	// does not move it.
	fastest, least := "", math.Inf(1)
	for style, values := range times {
		sample := benchmath.NewSample(values, &benchmath.DefaultThresholds)
		median := benchmath.AssumeNothing.Summary(sample, 0.95).Center
		if median < least || median == least && style < fastest {
			fastest, least = style, median
		}
	}
	if fastest == "" {
		return "", fmt.Errorf("no BenchmarkCheck at urls=%d, delay=%s",
			urls, delay)
	}
	return fastest, nil
}
