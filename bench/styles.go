package bench

import (
	"context"
	"time"

	"urlcheck"
	"urlcheck/goroutines"
	"urlcheck/pooled"
	"urlcheck/sequential"
)

// A Style is one of the three ways to schedule the checks, under the name
// the benchmarks, the command and the docs give it.
type Style struct {
	Name string // sequential, pooled or goroutines: the talk's columns

	// Check runs the style; workers matters to pooled only.
	Check func(ctx context.Context, check urlcheck.Checker,
		urls []string, workers int) []urlcheck.Result

	// Width is how many checks the style has in flight at once for n
	// URLs and a pool of workers: 1, W or N. A run's ideal time, its
	// floor, is ⌈n/Width⌉·delay.
	Width func(n, workers int) int
}

// Styles lists the three in the talk's order: the first is the base that
// benchstat compares the others with.
var Styles = []Style{
	{
		Name: "sequential",
		Check: func(ctx context.Context, check urlcheck.Checker,
			urls []string, _ int) []urlcheck.Result {
			return sequential.Check(ctx, check, urls)
		},
		Width: func(n, _ int) int { return min(n, 1) },
	},
	{
		Name:  "pooled",
		Check: pooled.Check,
		Width: func(n, workers int) int { return min(n, max(workers, 1)) },
	},
	{
		Name: "goroutines",
		Check: func(ctx context.Context, check urlcheck.Checker,
			urls []string, _ int) []urlcheck.Result {
			return goroutines.Check(ctx, check, urls)
		},
		Width: func(n, _ int) int { return n },
	},
}

// StyleNamed returns the style called name, and false if there is none.
func StyleNamed(name string) (Style, bool) {
	for _, s := range Styles {
		if s.Name == name {
			return s, true
		}
	}
	return Style{}, false
}

// StyleNames lists the styles' names, for usage messages.
func StyleNames() []string {
	names := make([]string, len(Styles))
	for i, s := range Styles {
		names[i] = s.Name
	}
	return names
}

// Floor is the ideal time of a run of n URLs at delay each, w at a time:
// ⌈n/w⌉ rounds of one delay. A measured time over Floor is x-floor.
func Floor(n, w int, delay time.Duration) time.Duration {
	if n == 0 || w < 1 {
		return 0
	}
	return time.Duration((n+w-1)/w) * delay
}
