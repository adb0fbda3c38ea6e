package readtable_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"urlcheck/exercises/readtable"
	"urlcheck/internal/checktest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func skipUnsolved(t *testing.T) { checktest.SkipUnsolved(t, readtable.Solved) }

const results = "testdata/results.txt"

// cells holds the values of testdata/results.txt by benchmark name,
// "Check/urls=100/delay=20ms/style=pooled-2", and unit.
type cells map[string]map[string][]float64

func load(t *testing.T) cells {
	t.Helper()
	f, err := os.Open(results)
	require.NoError(t, err)
	defer f.Close()
	c := cells{}
	r := benchfmt.NewReader(f, results)
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		name := res.Name.String()
		if c[name] == nil {
			c[name] = map[string][]float64{}
		}
		for _, v := range res.Values {
			c[name][v.Unit] = append(c[name][v.Unit], v.Value)
		}
	}
	require.NoError(t, r.Err())
	return c
}

func (c cells) sample(t *testing.T, name, unit string) *benchmath.Sample {
	t.Helper()
	values := c[name][unit]
	require.NotEmpty(t, values, "%s %s", name, unit)
	return benchmath.NewSample(values, &benchmath.DefaultThresholds)
}

// median is what benchstat prints in a cell: the median of its runs.
func (c cells) median(t *testing.T, name, unit string) float64 {
	t.Helper()
	return benchmath.AssumeNothing.Summary(c.sample(t, name, unit), 0.95).Center
}

func check(urls, delay, style string) string {
	return "Check/urls=" + urls + "/delay=" + delay + "/style=" + style + "-2"
}

var styles = []string{"sequential", "pooled", "goroutines"}

// fastest is the style of least median sec/op in a row of the table.
func (c cells) fastest(t *testing.T, urls, delay string) string {
	best := ""
	for _, s := range styles {
		if _, ok := c[check(urls, delay, s)]; !ok {
			continue
		}
		if best == "" || c.median(t, check(urls, delay, s), "sec/op") <
			c.median(t, check(urls, delay, best), "sec/op") {
			best = s
		}
	}
	return best
}

// The answers of part 1, against the figures benchstat computes.
func TestAnswers(t *testing.T) {
	skipUnsolved(t)
	c := load(t)

	t.Run("Runs", func(t *testing.T) {
		for name, units := range c {
			assert.Len(t, units["sec/op"], readtable.Runs, name)
		}
	})

	t.Run("Fastest100", func(t *testing.T) {
		assert.Equal(t, c.fastest(t, "100", "20ms"), readtable.Fastest100)
	})

	t.Run("GoroutinesVsSequential", func(t *testing.T) {
		g := c.median(t, check("100", "20ms", "goroutines"), "sec/op")
		s := c.median(t, check("100", "20ms", "sequential"), "sec/op")
		assert.InDelta(t, (g/s-1)*100, readtable.GoroutinesVsSequential, 0.01)
	})

	t.Run("PooledXFloor", func(t *testing.T) {
		x := c.median(t, check("100", "20ms", "pooled"), "x-floor")
		assert.InDelta(t, x, readtable.PooledXFloor, 0.001)
	})

	// benchstat prints ~ where the U-test finds the two samples could
	// come from one distribution: its p-value is not below alpha.
	t.Run("NoDifference", func(t *testing.T) {
		base := c.sample(t, check("10", "0s", "sequential"), "sec/op")
		var same []string
		for _, s := range styles[1:] {
			cmp := benchmath.AssumeNothing.Compare(base,
				c.sample(t, check("10", "0s", s), "sec/op"))
			if cmp.P >= cmp.Alpha {
				same = append(same, s)
			}
		}
		require.Len(t, same, 1, "the test data has one ~ in that row")
		assert.Equal(t, same[0], readtable.NoDifference)
	})

	t.Run("DefaultPoolConns", func(t *testing.T) {
		name := "Pitfalls/urls=100/style=pooled/idle=default/body=drained-2"
		assert.InDelta(t, c.median(t, name, "conns/op"),
			readtable.DefaultPoolConns, 0.01)
	})
}

// Fastest finds, in every row of the table, the style benchstat shows
// as fastest.
func TestFastest(t *testing.T) {
	skipUnsolved(t)
	c := load(t)
	for _, tc := range []struct{ urls, delay string }{
		{"10", "0s"}, {"100", "0s"}, {"1000", "0s"},
		{"10", "20ms"}, {"100", "20ms"}, {"1000", "20ms"},
	} {
		t.Run("urls="+tc.urls+"/delay="+tc.delay, func(t *testing.T) {
			f, err := os.Open(results)
			require.NoError(t, err)
			defer f.Close()
			urls := map[string]int{"10": 10, "100": 100, "1000": 1000}[tc.urls]
			got, err := readtable.Fastest(f, urls, tc.delay)
			require.NoError(t, err)
			assert.Equal(t, c.fastest(t, tc.urls, tc.delay), got)
		})
	}
}

// The median decides, not the best run: sequential's one lucky run
// does not make it the fastest. Other benchmarks, delays and units do
// not count.
func TestFastestMedian(t *testing.T) {
	skipUnsolved(t)
	in := `goos: linux
BenchmarkCheck/urls=10/delay=20ms/style=sequential-2 1 10000000 ns/op
BenchmarkCheck/urls=10/delay=20ms/style=sequential-2 1 200000000 ns/op
BenchmarkCheck/urls=10/delay=20ms/style=sequential-2 1 210000000 ns/op
BenchmarkCheck/urls=10/delay=20ms/style=pooled-2 1 40000000 ns/op 1 x-floor
BenchmarkCheck/urls=10/delay=20ms/style=pooled-2 1 42000000 ns/op 1 x-floor
BenchmarkCheck/urls=10/delay=20ms/style=pooled-2 1 41000000 ns/op 1 x-floor
BenchmarkCheck/urls=10/delay=0s/style=goroutines-2 1 400000 ns/op
BenchmarkCheck/urls=100/delay=20ms/style=goroutines-2 1 25000000 ns/op
BenchmarkPoolSize/urls=10/delay=20ms/workers=10-2 1 21000000 ns/op
`
	got, err := readtable.Fastest(strings.NewReader(in), 10, "20ms")
	require.NoError(t, err)
	assert.Equal(t, "pooled", got)
}

// No such benchmark, or input that cannot be read, is an error.
func TestFastestErrors(t *testing.T) {
	skipUnsolved(t)
	f, err := os.Open(results)
	require.NoError(t, err)
	defer f.Close()
	_, err = readtable.Fastest(f, 5, "20ms")
	assert.Error(t, err, "no cell has 5 URLs")

	broken := errors.New("disk on fire")
	_, err = readtable.Fastest(iotest.ErrReader(broken), 10, "20ms")
	assert.ErrorIs(t, err, broken)
}
