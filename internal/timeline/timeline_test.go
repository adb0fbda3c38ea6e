package timeline

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"urlcheck"
)

var begin = time.Date(2016, 6, 1, 12, 0, 0, 0, time.UTC)

// run is three checks of one run: two ok, one after the other, and
// one that failed; the last was never checked.
var run = []urlcheck.Result{
	{URL: "http://127.0.0.1:8080/delay/20ms/a", Status: 200,
		Start: begin.Add(time.Millisecond), Elapsed: 20 * time.Millisecond},
	{URL: "http://127.0.0.1:8080/delay/40ms/b", Status: 200,
		Start: begin.Add(21 * time.Millisecond), Elapsed: 40 * time.Millisecond},
	{URL: "http://x.invalid/", Err: errors.New("no such host"),
		Start: begin.Add(61 * time.Millisecond), Elapsed: 2 * time.Millisecond},
	{URL: "::bad", Err: errors.New("context canceled")},
}

func TestBars(t *testing.T) {
	bars := Bars(run, begin)
	want := []Bar{
		{Label: "127.0.0.1:8080/delay/20ms/a", Start: 1 * time.Millisecond,
			End: 21 * time.Millisecond, OK: true},
		{Label: "127.0.0.1:8080/delay/40ms/b", Start: 21 * time.Millisecond,
			End: 61 * time.Millisecond, OK: true},
		{Label: "x.invalid/", Start: 61 * time.Millisecond,
			End: 63 * time.Millisecond},
		{Label: "::bad"},
	}
	assert.Equal(t, want, bars)
	assert.Empty(t, Bars(nil, begin))

	// On one host, as in a run against the local server, a row is
	// named by its path alone.
	bars = Bars(run[:2], begin)
	assert.Equal(t, "/delay/20ms/a", bars[0].Label)
	assert.Equal(t, "/delay/40ms/b", bars[1].Label)
}

func TestWriteSVG(t *testing.T) {
	for _, n := range []int{0, 1, len(run)} {
		t.Run(fmt.Sprint("bars=", n), func(t *testing.T) {
			bars := Bars(run[:n], begin)
			file := filepath.Join(t.TempDir(), "timeline.svg")
			require.NoError(t, WriteSVG(file, "a run", bars))

			data, err := os.ReadFile(file)
			require.NoError(t, err)
			svg := string(data)
			assert.True(t, strings.HasPrefix(svg, "<?xml"), "starts %.40q", svg)
			assert.Contains(t, svg, "<svg")
			assertXML(t, svg)

			// Each bar is one filled path in its colour; nothing else
			// on the chart uses those colours.
			ok, failed := 0, 0
			for _, b := range bars {
				if b.OK {
					ok++
				} else {
					failed++
				}
			}
			assert.Equal(t, ok, strings.Count(svg, "fill:#4477AA"), "ok bars")
			assert.Equal(t, failed, strings.Count(svg, "fill:#CC3311"),
				"failed bars")
			for _, b := range bars {
				assert.Contains(t, svg, b.Label)
			}
		})
	}
}

// assertXML checks that svg is well-formed XML from start to end.
func assertXML(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if !assert.NoError(t, err, "the SVG is not well-formed") {
			return
		}
	}
}

func TestWriteSVGBadFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "no-such-dir", "timeline.svg")
	assert.Error(t, WriteSVG(file, "a run", Bars(run, begin)))
}

// Saved runs load back as they were, and draw one picture each.
func TestSaveLoadDraw(t *testing.T) {
	dir := t.TempDir()
	runs := []Run{
		{Style: "sequential", Title: "one", Wall: 3 * time.Millisecond,
			Bars: []Bar{{Label: "/a", Start: 0,
				End: time.Millisecond, OK: true}}},
		{Style: "pooled", Title: "two", Bars: []Bar{
			{Label: "/b", Start: time.Millisecond, End: 2 * time.Millisecond}}},
	}
	file := filepath.Join(dir, "timeline.json")
	require.NoError(t, Save(file, runs))
	got, err := Load(file)
	require.NoError(t, err)
	assert.Equal(t, runs, got)

	require.NoError(t, DrawAll(dir, got))
	for _, style := range []string{"sequential", "pooled"} {
		assert.FileExists(t, filepath.Join(dir, "timeline-"+style+".svg"))
	}

	_, err = Load(filepath.Join(dir, "missing.json"))
	assert.Error(t, err)
}

// The time axis is marked at round numbers, no more than about eight.
func TestMsTicks(t *testing.T) {
	for _, tc := range []struct {
		max  float64
		want []string
	}{
		{283, []string{"0", "50", "100", "150", "200", "250"}},
		{1611, []string{"0", "500", "1000", "1500"}},
		{7, []string{"0", "1", "2", "3", "4", "5", "6", "7"}},
	} {
		var got []string
		for _, tick := range (msTicks{}).Ticks(0, tc.max) {
			got = append(got, tick.Label)
		}
		assert.Equal(t, tc.want, got, "0 to %v ms", tc.max)
	}
}
