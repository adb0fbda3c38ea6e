// Command urlcheck checks URLs over HTTP and prints one line per URL as
// each check completes: the talk's first example, for the URLs you care
// about, in any of the three styles this repository compares.
//
//	urlcheck https://go.dev https://pkg.go.dev/net/http
//	urlcheck -style pooled -workers 4 -f urls.txt
//	urlcheck -demo
//
// -demo races the three styles against a local server and prints the
// talk's table with this machine's numbers. Run urlcheck -h for more.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"urlcheck"
	"urlcheck/bench"
)

// main only wires the program to the process: the signals, the
// arguments, the standard streams and the exit status. Everything else
// is in run, which the tests call as main would.
func main() {
	// Ctrl-C cancels ctx, and the checks in flight stop. Once it has,
	// stop restores the default, so a second Ctrl-C ends the program
	// at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	context.AfterFunc(ctx, stop)
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0 // every URL was ok
	exitFail  = 1 // some URL was not ok, or the run was interrupted
	exitUsage = 2 // the command line was wrong: nothing was checked
)

// run is the program: it parses args, checks the URLs and returns the
// exit status. Progress is shown on stderr only when stderr is a
// terminal, so that a pipe or a file gets no \r.
func run(ctx context.Context, args []string, stdin io.Reader,
	stdout, stderr io.Writer) int {

	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr,
		progress: isTerminal(stderr)}
	return c.run(ctx, args)
}

// cli holds what the program talks to. Tests build one directly to turn
// progress on without a terminal.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	progress       bool // show progress on stderr
}

// options are the parsed command line.
type options struct {
	styleName string
	style     bench.Style // the style named by styleName
	workers   int
	timeout   time.Duration
	json      bool
	demo      bool
	timeline  string   // -timeline DIR, with -demo
	file      string   // -f FILE, or ""
	help      bool     // -h
	urls      []string // the arguments
}

func (c *cli) run(ctx context.Context, args []string) int {
	var opts options
	fs := c.flags(&opts)
	if err := fs.Parse(args); err != nil {
		return exitUsage // the flag package said what was wrong
	}
	if opts.help {
		c.help(fs)
		return exitOK
	}
	opts.urls = fs.Args()
	if err := opts.check(fs); err != nil {
		fmt.Fprintf(c.stderr, "urlcheck: %v; -h for help\n", err)
		return exitUsage
	}

	if opts.demo {
		return c.demo(ctx, opts)
	}

	urls, err := c.readAll(ctx, opts)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(c.stderr, "urlcheck: interrupted")
			return exitFail
		}
		fmt.Fprintf(c.stderr, "urlcheck: %v; -h for help\n", err)
		return exitUsage
	}
	return c.check(ctx, opts, urls)
}

// flags returns the command's flags, set to parse into opts.
func (c *cli) flags(opts *options) *flag.FlagSet {
	fs := flag.NewFlagSet("urlcheck", flag.ContinueOnError)
	fs.SetOutput(c.stderr)

	// Usage is what the flag package prints after its own message
	// about a bad flag. The full text is for -h, on stdout.
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(),
			"usage: urlcheck [flags] [URL ...]; -h for help")
	}

	fs.StringVar(&opts.styleName, "style", "goroutines",
		"how to schedule the checks: `STYLE` is one of "+
			strings.Join(bench.StyleNames(), ", "))
	fs.IntVar(&opts.workers, "workers", 8,
		"`N` workers in the pool of -style pooled and of -demo")
	fs.DurationVar(&opts.timeout, "timeout", urlcheck.DefaultTimeout,
		"give up on a URL after `D`, such as 500ms or 1m")
	fs.BoolVar(&opts.json, "json", false,
		"print one JSON object per line:\n"+
			`{"url", "status", "ok", "error", "elapsed_ms"}`)
	fs.StringVar(&opts.file, "f", "",
		"read URLs from `FILE`, one a line (- is standard input);\n"+
			"blank lines and lines that start with # are skipped")
	fs.BoolVar(&opts.demo, "demo", false,
		"race the three styles against a local server, print a table")
	fs.StringVar(&opts.timeline, "timeline", "",
		"with -demo, write an SVG timeline of each style into `DIR`")
	fs.BoolVar(&opts.help, "h", false, "print this help")
	fs.BoolVar(&opts.help, "help", false, "the same as -h")
	return fs
}

// check finds the style and reports what is wrong with the command
// line, if anything. fs has parsed it.
func (o *options) check(fs *flag.FlagSet) error {
	var ok bool
	o.style, ok = bench.StyleNamed(o.styleName)
	if !ok {
		return fmt.Errorf("unknown style %q: use one of %s",
			o.styleName, strings.Join(bench.StyleNames(), ", "))
	}
	if o.workers < 1 {
		return fmt.Errorf("-workers %d: a pool needs at least 1 worker",
			o.workers)
	}
	if o.timeout <= 0 {
		return fmt.Errorf(
			"-timeout %v: give a positive duration, such as 10s or 500ms",
			o.timeout)
	}

	// Which flags were given, for those that only go with -demo or
	// only without it.
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })

	if o.demo {
		// The demo makes its own URLs, runs all three styles and
		// prints a table: the flags about a list of URLs do not apply.
		for _, name := range []string{"style", "json", "f"} {
			if given[name] {
				return fmt.Errorf("-%s does not apply to -demo, which "+
					"races every style on URLs of its own and prints "+
					"a table", name)
			}
		}
		if len(o.urls) > 0 {
			return errors.New(
				"-demo takes no URLs: it makes its own on a local server")
		}
		return nil
	}
	if given["timeline"] {
		return errors.New("-timeline draws the runs of -demo: " +
			"use it with -demo")
	}
	if len(o.urls) == 0 && o.file == "" {
		return errors.New("no URLs: give some as arguments or with -f FILE")
	}
	return nil
}

// readAll returns the URLs to check: the arguments, then those of -f.
// A list that ends up empty is an error.
func (c *cli) readAll(ctx context.Context, opts options) ([]string, error) {
	urls := opts.urls
	if opts.file != "" {
		r := c.stdin
		if opts.file != "-" {
			f, err := os.Open(opts.file)
			if err != nil {
				return nil, fmt.Errorf("cannot read the URLs: %w", err)
			}
			defer f.Close()
			r = f
		}
		more, err := readURLsContext(ctx, r)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", opts.file, err)
		}
		urls = append(urls, more...)
	}
	if len(urls) == 0 {
		return nil, fmt.Errorf("no URLs in %s: put one on each line", opts.file)
	}
	return urls, nil
}

// readURLsContext is readURLs that gives up when ctx is done. A read
// from a terminal waits for a line to be typed, and Ctrl-C does not end
// it; so the read runs in a goroutine, and if ctx ends first that
// goroutine is left blocked until the program exits, a moment later.
func readURLsContext(ctx context.Context, r io.Reader) ([]string, error) {
	type read struct {
		urls []string
		err  error
	}
	// Buffered, so the goroutine can always send and end.
	done := make(chan read, 1)
	go func() {
		urls, err := readURLs(r)
		done <- read{urls, err}
	}()
	select {
	case rd := <-done:
		return rd.urls, rd.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readURLs returns the URLs in r, one a line, with the spaces around
// them trimmed. Blank lines and lines that start with # are skipped. A
// URL that is not valid is kept: checking it reports what is wrong.
func readURLs(r io.Reader) ([]string, error) {
	var urls []string
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20) // a line of up to 1 MiB
	line := 0
	for sc.Scan() {
		line++
		u := strings.TrimSpace(sc.Text())
		if u == "" || strings.HasPrefix(u, "#") {
			continue
		}
		urls = append(urls, u)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return urls, nil
}

// isTerminal reports whether w is a terminal: a character device, not
// a pipe or a file.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// help prints what urlcheck does, its flags, examples and exit codes.
func (c *cli) help(fs *flag.FlagSet) {
	w := c.stdout
	fmt.Fprint(w, `urlcheck checks URLs over HTTP and prints one line per URL as each
check completes, "URL: status reason" or "URL: error: reason", then a
summary on stderr. A status is the one after redirects; 2xx and 3xx
are ok. It is the talk's first example, in any of the three styles.

Usage:
  urlcheck [flags] URL ...
  urlcheck [flags] -f FILE
  urlcheck -demo [-workers N] [-timeline DIR]

URLs need a scheme: https://go.dev, not go.dev. Flags go before the
URLs. While a long list runs, progress shows on stderr if it is a
terminal. Ctrl-C stops the checks in flight: every URL still gets its
line, and those that did not finish say they were cancelled.

Flags:
`)
	// PrintDefaults writes to the FlagSet's output: point it at w.
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, `
Styles:
  sequential  one URL after another: the sum of their times
  pooled      -workers at a time: a fixed pool fed from a channel
  goroutines  all at once, a goroutine each: the slowest URL's time

Examples:
  urlcheck https://go.dev https://pkg.go.dev/net/http
  urlcheck -style pooled -workers 4 -timeout 5s -f urls.txt
  urlcheck -json -f urls.txt | jq -r 'select(.ok | not).url'
  grep -o 'https://[^)> ]*' README.md | urlcheck -f -
  urlcheck -demo -timeline /tmp/timelines

Exit status:
  0  every URL is ok
  1  some URL is not: an error, a 4xx or 5xx, or the run was interrupted
  2  usage error (a bad flag, no URLs, a file that cannot be read):
     nothing was checked
`)
}
