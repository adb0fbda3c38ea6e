// Command target serves the benchmarks' target server (package bench)
// on an address you choose, until it is interrupted, so that programs
// outside this module's tests can be measured against the same server:
// urlcheck, a Python script, curl.
//
//	target -addr 127.0.0.1:8000 -delay 20ms
//
// It prints its base URL on stdout; every URL/check/{id} answers 200
// after the delay. Run target -h for the other routes and the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"urlcheck/bench"
)

// main only wires the program to the process: the signals, the
// arguments, the standard streams and the exit status. Everything else
// is in run, which the tests call as main would.
func main() {
	// Ctrl-C, or a SIGTERM from a script's kill, cancels ctx, and the
	// server closes. Once it has, stop restores the default, so a
	// second Ctrl-C ends the program at once.
	ctx, stop := signal.NotifyContext(context.Background(),
		os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop)
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0 // served until interrupted, then closed
	exitFail  = 1 // could not listen on the address
	exitUsage = 2 // the command line was wrong: nothing was served
)

// run is the program: it parses args, serves until ctx is done, closes
// the server and returns the exit status. The base URL goes alone on
// stdout, so that a script can read it; the rest goes to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("target", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: target [-addr HOST:PORT] "+
			"[-delay D] [-stats]; -h for help")
	}
	addr := fs.String("addr", "127.0.0.1:8000",
		"listen on `HOST:PORT`; port 0 picks a free one")
	delay := fs.Duration("delay", 20*time.Millisecond,
		"every /check/ and /hello/ request waits `D` before answering")
	stats := fs.Bool("stats", false,
		"on exit, print what the server counted (stderr)")
	help := fs.Bool("h", false, "print this help")
	fs.BoolVar(help, "help", false, "the same as -h")

	if err := fs.Parse(args); err != nil {
		return exitUsage // the flag package said what was wrong
	}
	if *help {
		printHelp(stdout, fs)
		return exitOK
	}
	if err := checkArgs(fs, *addr, *delay); err != nil {
		fmt.Fprintf(stderr, "target: %v; -h for help\n", err)
		return exitUsage
	}

	srv, err := start(bench.Config{Addr: *addr, Delay: *delay})
	if err != nil {
		fmt.Fprintf(stderr, "target: %v\n", err)
		if errors.Is(err, syscall.EADDRINUSE) {
			fmt.Fprintln(stderr, "target: another server has that "+
				"port; -addr 127.0.0.1:0 picks a free one")
		}
		return exitFail
	}
	fmt.Fprintln(stdout, srv.URL)
	fmt.Fprintf(stderr, "target: serving %s/check/{id} with a delay "+
		"of %v; Ctrl-C to stop\n", srv.URL, *delay)

	// Serve until interrupted. The counts are taken first: closing
	// the listener makes its Accept fail once more, and that would
	// count as an accept error.
	<-ctx.Done()
	counts := srv.Stats()

	// Close ends the requests still waiting (with a 503) and returns
	// once every handler has.
	srv.Close()

	if *stats {
		fmt.Fprintf(stderr, "target: requests=%d conns=%d peak=%d "+
			"accept-errors=%d\n", counts.Requests, counts.Conns,
			counts.Peak, counts.AcceptErrors)
	}
	return exitOK
}

// checkArgs reports what is wrong with the command line, if anything.
func checkArgs(fs *flag.FlagSet, addr string, delay time.Duration) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: target takes flags "+
			"only", fs.Arg(0))
	}
	if addr == "" {
		return errors.New("-addr is empty: give HOST:PORT, such as " +
			"127.0.0.1:8000, or 127.0.0.1:0 for a free port")
	}
	if delay < 0 {
		return fmt.Errorf("-delay %v: give 0 or more, such as 20ms", delay)
	}
	return nil
}

// start is bench.NewServer, which panics with an error when it cannot
// listen on cfg.Addr, as httptest does. Here the address comes from
// the command line, so that is the user's mistake (a port in use, a bad
// address), and start returns it as an error instead.
func start(cfg bench.Config) (srv *bench.Server, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				panic(r) // not the listen error: a bug, let it show
			}
			err = e
		}
	}()
	return bench.NewServer(cfg), nil
}

// printHelp prints what target does, its routes, flags and exit codes.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, `target serves the benchmarks' target server on HOST:PORT until it is
interrupted, so that other programs (urlcheck, a Python script, curl)
can be measured against the same server. It prints its base URL on
stdout. Ctrl-C or SIGTERM closes it: requests still waiting end with a
503.

Usage:
  target [-addr HOST:PORT] [-delay D] [-stats]

Routes (GET):
  /check/{id}           200 "ok" after the delay: what urlcheck and the
                        benchmarks check
  /hello/{name}         200 "Hello {name}" after the delay
  /delay/{d}/{rest...}  200 after d, such as /delay/30ms/a
  /status/{code}        that status code, 200 to 599
  /redirect/{n}         n redirects, then 200
  /loop                 redirects to itself forever
  /hang                 never answers
  /reset                resets the connection
  /slow/{d}             a body of one byte every d
  /huge/{bytes}         a body of that many bytes

Flags:
`)
	// PrintDefaults writes to the FlagSet's output: point it at w.
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprint(w, `
Examples:
  target -addr 127.0.0.1:8000 -delay 20ms
  target -addr 127.0.0.1:0 -stats    # a free port; counts on exit

Exit status:
  0  served until interrupted, then closed
  1  could not listen on the address
  2  usage error (a bad flag or argument): nothing was served
`)
}
