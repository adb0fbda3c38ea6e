// Package timeline draws one run of a style as a picture: each URL is a
// horizontal bar from the moment its request was sent to the moment its
// check ended. It is the talk's diagrams of sync, threaded and async,
// measured instead of drawn by hand: a staircase for sequential, W lanes
// for a pool, one wall of bars for a goroutine each.
package timeline

import (
	"image/color"
	"math"
	"net/url"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"urlcheck"
)

// Colours of the bars: blue for a check that was ok, red for one that
// was not.
var (
	okColor     = color.RGBA{R: 0x44, G: 0x77, B: 0xAA, A: 0xFF}
	failedColor = color.RGBA{R: 0xCC, G: 0x33, B: 0x11, A: 0xFF}
)

// A Bar is one URL's check, timed from the start of the run.
type Bar struct {
	Label      string        // what the row is called: the URL's path
	Start, End time.Duration // since the run began
	OK         bool          // the Result's OK
}

// Bars turns the results of one run into bars, one per result and in
// the same order, timed from begin, the moment the run started. A
// result that started before begin, or has no Start, starts at 0.
func Bars(results []urlcheck.Result, begin time.Time) []Bar {
	short := oneHost(results)
	bars := make([]Bar, len(results))
	for i, r := range results {
		start := max(r.Start.Sub(begin), 0)
		if r.Start.IsZero() {
			start = 0
		}
		bars[i] = Bar{
			Label: label(r.URL, short),
			Start: start,
			End:   start + max(r.Elapsed, 0),
			OK:    r.OK(),
		}
	}
	return bars
}

// label shortens a URL to what tells the rows apart: "host/path", or
// only "/path" when every URL is on one host, or the URL as given
// when it does not parse.
func label(raw string, pathOnly bool) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil || u.Host == "":
		return raw
	case pathOnly:
		return u.RequestURI()
	default:
		return u.Host + u.RequestURI()
	}
}

// oneHost reports whether the results' URLs are all on one host, as
// a run against the local server is.
func oneHost(results []urlcheck.Result) bool {
	host := ""
	for _, r := range results {
		u, err := url.Parse(r.URL)
		if err != nil || u.Host == "" || (host != "" && u.Host != host) {
			return false
		}
		host = u.Host
	}
	return true
}

// WriteSVG draws bars under title and saves the chart to file, which
// should end in ".svg" (the extension chooses the format). The first
// bar is the top row; the x axis is in milliseconds.
func WriteSVG(file, title string, bars []Bar) error {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "milliseconds since the run began"
	p.X.Tick.Marker = msTicks{}
	p.Add(chart(bars))

	// One row per bar, named by its label, the first at the top.
	if len(bars) > 0 {
		labels := make([]string, len(bars))
		for i, b := range bars {
			labels[i] = b.Label
		}
		p.NominalY(labels...)
		p.Y.Scale = plot.InvertedScale{Normalizer: p.Y.Scale}
	}

	height := 3*vg.Centimeter + vg.Length(len(bars))*0.5*vg.Centimeter
	return p.Save(18*vg.Centimeter, height, file)
}

// chart is the plot.Plotter that draws the bars: a plain rectangle
// per bar, in row i, from its Start to its End.
type chart []Bar

// Plot draws each bar on the plot's data area.
func (c chart) Plot(dc draw.Canvas, p *plot.Plot) {
	x, y := p.Transforms(&dc)
	for i, b := range c {
		x0, x1 := x(ms(b.Start)), x(ms(b.End))
		// A check of a few microseconds would be invisible.
		x1 = max(x1, x0+vg.Points(1))
		y0, y1 := y(float64(i)-0.35), y(float64(i)+0.35)
		rect := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0},
			{X: x1, Y: y1}, {X: x0, Y: y1}}
		fill := okColor
		if !b.OK {
			fill = failedColor
		}
		dc.FillPolygon(fill, dc.ClipPolygonXY(rect))
	}
}

// DataRange tells the plot the span of the axes: time from 0 to the
// last end, and half a row above the first bar and below the last.
func (c chart) DataRange() (xmin, xmax, ymin, ymax float64) {
	for _, b := range c {
		xmax = max(xmax, ms(b.End))
	}
	return 0, xmax, -0.5, float64(len(c)) - 0.5
}

func ms(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

// msTicks marks the time axis at round numbers of milliseconds, about
// eight of them, labelled as whole numbers.
type msTicks struct{}

// Ticks returns the ticks between min and max, in milliseconds.
func (msTicks) Ticks(min, max float64) []plot.Tick {
	step := 1.0
	for _, s := range []float64{1, 2, 5, 10, 20, 50, 100, 200, 500,
		1000, 2000, 5000, 10000} {
		step = s
		if (max-min)/s <= 8 {
			break
		}
	}
	var ticks []plot.Tick
	for v := math.Ceil(min/step) * step; v <= max && len(ticks) < 100; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(int(v))})
	}
	return ticks
}
