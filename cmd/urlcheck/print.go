package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"urlcheck"
)

// check checks urls in the style opts names, prints each Result as its
// check completes, then a summary on stderr, and returns the exit
// status: exitOK only if every URL was ok.
func (c *cli) check(ctx context.Context, opts options, urls []string) int {
	// Size the client's idle pool to the style's width, the most
	// checks it has in flight, so its connections are reused and not
	// opened again for every URL.
	width := opts.style.Width(len(urls), opts.workers)
	client := urlcheck.NewClient(opts.timeout, width)
	defer client.CloseIdleConnections()

	p := &printer{out: c.stdout, json: opts.json, printed: map[string]int{}}
	stopTicking := func() {}
	if c.progress {
		p.bar = &progress{w: c.stderr, total: len(urls), start: time.Now()}
		p.bar.draw()
		stopTicking = p.tick(200 * time.Millisecond)
	}

	// The style never knows it is printing: it calls the checker, and
	// the checker prints.
	start := time.Now()
	results := opts.style.Check(ctx, p.wrap(urlcheck.HTTP(client)), urls,
		opts.workers)
	elapsed := time.Since(start)
	stopTicking()
	p.finish(results)

	ok, cancelled := 0, 0
	for _, r := range results {
		if r.OK() {
			ok++
		}
		if errors.Is(r.Err, context.Canceled) {
			cancelled++
		}
	}
	noun := "URLs"
	if len(urls) == 1 {
		noun = "URL"
	}
	fmt.Fprintf(c.stderr, "urlcheck: %d %s, style %s (at most %d in "+
		"flight), %v: %d ok, %d failed", len(urls), noun, opts.style.Name,
		width, round(elapsed), ok, len(urls)-ok)
	if ctx.Err() != nil {
		fmt.Fprintf(c.stderr, "; interrupted, %d cancelled", cancelled)
	}
	fmt.Fprintln(c.stderr)

	if ok < len(urls) {
		return exitFail
	}
	return exitOK
}

// printer prints each Result the moment its check completes, as the
// talk's example does. Checks complete on many goroutines at once: the
// mutex keeps each line whole and the counts right.
type printer struct {
	mu      sync.Mutex
	out     io.Writer
	json    bool
	printed map[string]int // lines printed so far, per URL
	bar     *progress      // nil unless progress is shown
}

// wrap returns a Checker that checks url with check, then prints the
// Result before it hands it back to the style.
func (p *printer) wrap(check urlcheck.Checker) urlcheck.Checker {
	return func(ctx context.Context, url string) urlcheck.Result {
		r := check(ctx, url)
		p.mu.Lock()
		defer p.mu.Unlock()
		p.print(r)
		p.printed[url]++
		return r
	}
}

// finish prints the Results that never went through the checker: once
// ctx is done, a style returns the URLs it had not started yet with
// ctx's error, unchecked. Check returns every URL, so each one not
// printed yet is one of those. It also clears the progress line.
func (p *printer) finish(results []urlcheck.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, r := range results {
		if p.printed[r.URL] > 0 {
			p.printed[r.URL]--
			continue
		}
		p.print(r)
	}
	if p.bar != nil {
		p.bar.clear()
	}
}

// jsonResult is one line of -json output.
type jsonResult struct {
	URL       string  `json:"url"`
	Status    int     `json:"status"` // 0 when no response arrived
	OK        bool    `json:"ok"`
	Error     string  `json:"error,omitempty"`
	ElapsedMS float64 `json:"elapsed_ms"`
}

// print writes r as one line, then moves the progress on. The caller
// holds p.mu.
func (p *printer) print(r urlcheck.Result) {
	// The progress line shares the terminal: take it off first.
	if p.bar != nil {
		p.bar.clear()
	}
	if p.json {
		j := jsonResult{
			URL:       r.URL,
			Status:    r.Status,
			OK:        r.OK(),
			ElapsedMS: float64(r.Elapsed.Microseconds()) / 1000,
		}
		if r.Err != nil {
			j.Error = r.Err.Error()
		}
		// Encode ends the object with a newline: one object a line.
		json.NewEncoder(p.out).Encode(j)
	} else {
		fmt.Fprintln(p.out, r)
	}
	if p.bar != nil {
		p.bar.done++
		p.bar.draw()
	}
}

// tick redraws the progress line every period, so that the elapsed
// time moves while the checks wait. It returns a function that stops
// the ticking and returns once it has stopped.
func (p *printer) tick(period time.Duration) (stop func()) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.mu.Lock()
				p.bar.draw()
				p.mu.Unlock()
			case <-quit:
				return
			}
		}
	})
	return func() {
		close(quit)
		wg.Wait()
	}
}

// progress is the line "urlcheck: 12/100 checked, 1.2s" on a terminal.
// Each draw rewrites it in place: \r moves back to the line's start.
type progress struct {
	w           io.Writer
	start       time.Time
	done, total int
	shown       int // length of the line on screen; 0 when cleared
}

func (b *progress) draw() {
	line := fmt.Sprintf("urlcheck: %d/%d checked, %v", b.done, b.total,
		time.Since(b.start).Round(100*time.Millisecond))
	// Pad with spaces to cover the end of a longer line shown before.
	fmt.Fprintf(b.w, "\r%-*s", b.shown, line)
	b.shown = max(b.shown, len(line))
}

func (b *progress) clear() {
	if b.shown > 0 {
		fmt.Fprintf(b.w, "\r%*s\r", b.shown, "")
		b.shown = 0
	}
}

// round shortens d for people: 1.234s, 56ms, 789µs.
func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}
