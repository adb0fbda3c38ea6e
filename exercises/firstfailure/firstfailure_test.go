package firstfailure_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"urlcheck"
	"urlcheck/exercises/firstfailure"
	"urlcheck/internal/checktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func skipUnsolved(t *testing.T) { checktest.SkipUnsolved(t, firstfailure.Solved) }

// With no failure, every URL is checked once and Check returns nil.
func TestAllOK(t *testing.T) {
	skipUnsolved(t)
	for _, n := range []int{0, 1, 20} {
		urls := checktest.URLs(n)
		var echo checktest.Echo
		results, err := firstfailure.Check(context.Background(),
			echo.Check, urls)
		require.NoError(t, err)
		require.Len(t, results, n)
		for i, r := range results {
			assert.Equal(t, urls[i], r.URL, "results in the order of urls")
			assert.Equal(t, 200, r.Status)
		}
		assert.Equal(t, n, echo.Total())
	}
}

var errBoom = errors.New("boom")

// The first failure cancels the checks in flight. Its error names the
// URL and says why: the status, or the Result's Err, wrapped so that
// errors.Is sees it.
func TestFirstFailureCancels(t *testing.T) {
	skipUnsolved(t)
	for _, tc := range []struct {
		name string
		bad  urlcheck.Result
		want string
	}{
		{"status", urlcheck.Result{Status: 503}, "503"},
		{"error", urlcheck.Result{Err: errBoom}, "check fake://bad: boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			urls := []string{"fake://0", "fake://1", "fake://bad",
				"fake://3", "fake://4"}
			// The others wait at the gate, which never opens: only a
			// cancel ends them. The bad URL fails when told to.
			gate := checktest.NewGate(len(urls))
			fail := make(chan struct{})
			check := func(ctx context.Context, url string) urlcheck.Result {
				if url != "fake://bad" {
					return gate.Check(ctx, url)
				}
				<-fail
				r := tc.bad
				r.URL = url
				return r
			}
			wait := start(t, check, urls)
			gate.WaitEntered(t, len(urls)-1)
			close(fail)
			results, err := wait()

			require.Error(t, err)
			assert.Contains(t, err.Error(), "fake://bad")
			assert.Contains(t, err.Error(), tc.want)
			if tc.bad.Err != nil {
				assert.ErrorIs(t, err, errBoom)
			}
			require.Len(t, results, len(urls))
			for i, r := range results {
				assert.Equal(t, urls[i], r.URL)
				if r.URL == "fake://bad" {
					assert.Equal(t, tc.bad.Status, r.Status)
					continue
				}
				assert.ErrorIs(t, r.Err, context.Canceled, r.URL)
			}
		})
	}
}

// Checks that finished before the failure keep their Results.
func TestFinishedKeepTheirResults(t *testing.T) {
	skipUnsolved(t)
	urls := []string{"fake://ok0", "fake://slow", "fake://bad", "fake://ok1"}
	gate := checktest.NewGate(1)
	finished := make(chan string, 2)
	fail := make(chan struct{})
	check := func(ctx context.Context, url string) urlcheck.Result {
		switch url {
		case "fake://slow":
			return gate.Check(ctx, url)
		case "fake://bad":
			<-fail
			return urlcheck.Result{URL: url, Status: 500}
		}
		finished <- url
		return urlcheck.Result{URL: url, Status: 200}
	}
	wait := start(t, check, urls)
	gate.WaitEntered(t, 1)
	for range 2 {
		<-finished
	}
	close(fail)
	results, err := wait()

	require.Error(t, err)
	assert.Contains(t, err.Error(), "fake://bad")
	require.Len(t, results, len(urls))
	assert.Equal(t, 200, results[0].Status)
	assert.ErrorIs(t, results[1].Err, context.Canceled)
	assert.Equal(t, 500, results[2].Status)
	assert.Equal(t, 200, results[3].Status)
}

// A context cancelled before Check is called checks nothing: every
// Result, and the error, carry context.Canceled.
func TestCancelledBefore(t *testing.T) {
	skipUnsolved(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var echo checktest.Echo
	results, err := firstfailure.Check(ctx, echo.Check, checktest.URLs(5))
	assert.ErrorIs(t, err, context.Canceled)
	require.Len(t, results, 5)
	for _, r := range results {
		assert.ErrorIs(t, r.Err, context.Canceled)
	}
	assert.Zero(t, echo.Total())
}

// start runs Check in a goroutine and returns a function that waits
// for what it returns, failing the test if that takes too long. The
// test's end cancels the Check's context, so that a Check that did
// not stop by itself leaves no goroutine behind.
func start(t *testing.T, check urlcheck.Checker,
	urls []string) func() ([]urlcheck.Result, error) {

	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	type out struct {
		results []urlcheck.Result
		err     error
	}
	done := make(chan out, 1)
	go func() {
		results, err := firstfailure.Check(ctx, check, urls)
		done <- out{results, err}
	}()
	return func() ([]urlcheck.Result, error) {
		t.Helper()
		select {
		case o := <-done:
			return o.results, o.err
		case <-time.After(checktest.Patience):
			t.Fatal("Check did not return")
			return nil, nil
		}
	}
}
