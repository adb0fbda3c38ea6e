package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"urlcheck"
	"urlcheck/bench"
	"urlcheck/internal/timeline"
)

// demoDelays are how long each of the demo's URLs takes to answer: like
// the talk's four sites, every one has a latency of its own. The order
// is fixed, so every run is the same race; they add up to 1.6s.
var demoDelays = []time.Duration{
	120 * time.Millisecond, 40 * time.Millisecond, 200 * time.Millisecond,
	80 * time.Millisecond, 20 * time.Millisecond, 160 * time.Millisecond,
	60 * time.Millisecond, 100 * time.Millisecond, 180 * time.Millisecond,
	30 * time.Millisecond, 140 * time.Millisecond, 70 * time.Millisecond,
	50 * time.Millisecond, 110 * time.Millisecond, 90 * time.Millisecond,
	150 * time.Millisecond,
}

// demo starts the bench server on loopback, checks the same URLs in
// each style, and prints the talk's table with this machine's numbers.
func (c *cli) demo(ctx context.Context, opts options) int {
	if opts.timeline != "" {
		if err := os.MkdirAll(opts.timeline, 0o755); err != nil {
			fmt.Fprintf(c.stderr, "urlcheck: -timeline: %v; -h for help\n",
				err)
			return exitUsage
		}
	}

	srv := bench.NewServer(bench.Config{})
	defer srv.Close()

	// /delay/120ms/a answers after 120ms; the letter tells apart URLs
	// with the same delay.
	urls := make([]string, len(demoDelays))
	for i, d := range demoDelays {
		urls[i] = fmt.Sprintf("%s/delay/%v/%c", srv.URL, d, 'a'+i)
	}

	fmt.Fprintf(c.stdout, "The same %d URLs on a local server, each "+
		"answering after a delay of its own\n(%v to %v), checked three "+
		"ways. Each style gets a new client sized to its\nwidth, with no "+
		"connection warmed up: it opens what it needs.\n\n",
		len(urls), slices.Min(demoDelays), slices.Max(demoDelays))

	tw := tabwriter.NewWriter(c.stdout, 0, 0, 3, ' ', 0)
	fmt.Fprintln(tw, "style\twall time\tideal floor\tx-floor\t"+
		"peak in flight\tnew conns")

	var failed []urlcheck.Result
	var runs []timeline.Run
	for _, style := range bench.Styles {
		if c.progress {
			fmt.Fprintf(c.stderr, "\rurlcheck: running %-10s", style.Name)
		}
		width := style.Width(len(urls), opts.workers)
		client := urlcheck.NewClient(opts.timeout, width)

		// Count from zero for this style alone.
		srv.Reset()
		begin := time.Now()
		results := style.Check(ctx, urlcheck.HTTP(client), urls,
			opts.workers)
		wall := time.Since(begin)
		stats := srv.Stats()
		client.CloseIdleConnections()

		if ctx.Err() != nil {
			break
		}
		floor := makespan(demoDelays, width)
		fmt.Fprintf(tw, "%s\t%v\t%v\t%.2f\t%d\t%d\n", style.Name,
			round(wall), floor, float64(wall)/float64(floor),
			stats.Peak, stats.Conns)

		for _, r := range results {
			if !r.OK() {
				failed = append(failed, r)
			}
		}
		runs = append(runs, timeline.Run{
			Style: style.Name,
			Title: fmt.Sprintf("%s: %d URLs in %v (ideal %v)",
				style.Name, len(urls), round(wall), floor),
			Wall: wall,
			Bars: timeline.Bars(results, begin),
		})
	}
	if c.progress {
		fmt.Fprintf(c.stderr, "\r%30s\r", "")
	}
	tw.Flush()

	if ctx.Err() != nil {
		fmt.Fprintln(c.stderr, "urlcheck: interrupted")
		return exitFail
	}

	// The measured runs are saved first, then drawn from, so that
	// make charts can draw the same pictures again from the file.
	if opts.timeline != "" {
		data := filepath.Join(opts.timeline, "timeline.json")
		err := timeline.Save(data, runs)
		if err == nil {
			err = timeline.DrawAll(opts.timeline, runs)
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "urlcheck: %v\n", err)
			return exitFail
		}
	}

	fmt.Fprintf(c.stdout, `
ideal floor: the time the delays alone take at the style's width:
  sequential waits for their sum, goroutines for the longest, pooled
  for %d workers that each take the next URL as soon as they are free.
x-floor: wall time / ideal floor. 1.00 is perfect; the rest is overhead.
peak in flight: the most requests the server had at once.
new conns: the TCP connections the server accepted during the run.
`, opts.workers)
	if opts.timeline != "" {
		fmt.Fprintf(c.stdout, "\nTimelines: %s, drawn from %s\n",
			filepath.Join(opts.timeline, "timeline-*.svg"),
			filepath.Join(opts.timeline, "timeline.json"))
	}

	if len(failed) > 0 {
		fmt.Fprintf(c.stderr, "urlcheck: %d checks failed:\n", len(failed))
		for _, r := range failed {
			fmt.Fprintln(c.stderr, r)
		}
		return exitFail
	}
	return exitOK
}

// makespan is the ideal time to check URLs that take delays, handed
// in order to w workers that each take the next URL as soon as they
// are free: the pooled style's schedule, without any overhead. With one
// worker it is the sum of the delays (sequential), with a worker per
// URL the longest delay (goroutines).
func makespan(delays []time.Duration, w int) time.Duration {
	if len(delays) == 0 || w < 1 {
		return 0
	}
	// free[i] is when worker i finishes the URLs it has taken so far.
	free := make([]time.Duration, min(w, len(delays)))
	var end time.Duration
	for _, d := range delays {
		// The worker free first takes the next URL.
		i := slices.Index(free, slices.Min(free))
		free[i] += d
		end = max(end, free[i])
	}
	return end
}
