package bench_test

import (
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the run if a test leaves a goroutine behind: every
// handler and connection must end when its server closes.
//
// Before the benchmarks, it prints lines that benchstat reads: config
// lines ("key: value") that head its tables, and a Unit line saying
// that peak-inflight is a count, the same in every run, so benchstat
// shows it without a spurious confidence interval.
func TestMain(m *testing.M) {
	fmt.Printf("workers: %d\n", Workers)
	fmt.Println("Unit peak-inflight assume=exact")
	goleak.VerifyTestMain(m)
}
