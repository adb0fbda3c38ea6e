package sequential_test

import (
	"testing"

	"go.uber.org/goleak"

	"urlcheck/internal/checktest"
	"urlcheck/sequential"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// One check at a time, whatever the number of URLs.
func TestRules(t *testing.T) {
	checktest.TestRules(t, sequential.Check,
		func(n int) int { return 1 })
}
