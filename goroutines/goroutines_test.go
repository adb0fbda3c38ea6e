package goroutines_test

import (
	"testing"

	"go.uber.org/goleak"

	"urlcheck/goroutines"
	"urlcheck/internal/checktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Every URL's check at once.
func TestRules(t *testing.T) {
	checktest.TestRules(t, goroutines.Check,
		func(n int) int { return n })
}
