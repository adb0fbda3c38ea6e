package main

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"urlcheck/bench"
)

// The page. An SVG scales to the screen, so only proportions matter:
// these text sizes on a 10-inch page read from the back of a room.
const (
	width    = 10 * vg.Inch
	height   = 6.25 * vg.Inch
	titlePt  = 22
	labelPt  = 18
	tickPt   = 15
	legendPt = 16
)

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Each style keeps its colour and mark in every chart, in the order of
// bench.Styles; the marks tell the lines apart without colour. The
// colours are Okabe and Ito's, which colour-blind eyes tell apart.
var (
	palette = []color.Color{
		color.RGBA{0xD5, 0x5E, 0x00, 0xFF}, // vermilion
		color.RGBA{0x00, 0x72, 0xB2, 0xFF}, // blue
		color.RGBA{0x00, 0x9E, 0x73, 0xFF}, // green
		color.RGBA{0xE6, 0x9F, 0x00, 0xFF}, // orange
	}
	shapes = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{},
		draw.TriangleGlyph{}, draw.PyramidGlyph{}}
	grey = color.Gray{0x70}
)

// scaling draws time per run against the number of URLs, one line per
// style, both axes logarithmic: sequential's N·delay is a straight
// climb, the pool's ⌈N/W⌉·delay a climb that starts late, and the
// goroutines' one delay stays flat.
func scaling(lines []Line) (*plot.Plot, error) {
	p := newPlot("Time per run: "+latency+" per request",
		"URLs checked (both axes log scale)", "time per run")
	p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, valueTicks(lines)
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{seconds}
	legend(p, true, true)
	err := addLines(p, lines)
	pad(&p.X, 1.3)
	pad(&p.Y, 1.3)
	return p, err
}

// throughput draws checks per second against the number of URLs with
// no delay: the job is bound by the CPU, and concurrency helps only as
// far as there are cores to run it.
func throughput(lines []Line) (*plot.Plot, error) {
	p := newPlot("No delay (CPU-bound): checks per second",
		"URLs checked (log scale)", "checks per second")
	p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, valueTicks(lines)
	p.Y.Tick.Marker = labelled{plot.DefaultTicks{}, thousands}
	legend(p, false, false)
	err := addLines(p, lines)
	pad(&p.X, 1.3)
	// From 0, so that the gaps between the lines look their true size.
	p.Y.Min = 0
	p.Y.Max *= 1.15
	return p, err
}

// poolSize draws time per run against the pool's size, both axes
// logarithmic, and the floor ⌈N/W⌉·delay under it: the time W workers
// would take if nothing but the delay cost anything.
func poolSize(lines []Line) (*plot.Plot, error) {
	p := newPlot("Pool size: time per run against workers",
		"workers W (both axes log scale)", "time per run")
	p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, valueTicks(lines)
	p.Y.Scale, p.Y.Tick.Marker = plot.LogScale{}, logTicks{seconds}
	legend(p, true, false)
	defer pad(&p.X, 1.3)
	defer pad(&p.Y, 1.3)

	for i := range lines {
		l := &lines[i]
		n, err := strconv.Atoi(l.Config["/urls"])
		if err != nil {
			return nil, fmt.Errorf("urls=%q: %w", l.Config["/urls"], err)
		}
		delay, err := time.ParseDuration(l.Config["/delay"])
		if err != nil {
			return nil, err
		}
		floor := make(plotter.XYs, len(l.Points))
		for j, pt := range l.Points {
			w := int(pt.X)
			floor[j] = plotter.XY{X: pt.X, Y: bench.Floor(n, w, delay).Seconds()}
		}
		ideal, err := plotter.NewLine(floor)
		if err != nil {
			return nil, err
		}
		ideal.Color, ideal.Width = grey, 2.5
		ideal.Dashes = []vg.Length{8, 6}
		p.Add(ideal)
		p.Legend.Add(fmt.Sprintf("floor ⌈%d/W⌉ × %v", n, delay), ideal)
		l.Name = fmt.Sprintf("pooled: %d URLs, %v each (median)", n, delay)
	}
	return p, addLines(p, lines)
}

// pitfalls draws the new connections a run opens, a bar per case and a
// group of bars per style. After warm-up the right way opens none; its
// bar has no height, so every bar carries its number.
func pitfalls(lines []Line) (*plot.Plot, error) {
	p := newPlot("Pitfalls: new connections per run of "+
		lines[0].Config["/urls"]+" URLs",
		"", "new TCP connections per run")
	legend(p, true, true)

	// The groups, left to right: the styles, in order.
	var groups []string
	for _, l := range lines {
		for _, pt := range l.Points {
			if !slices.Contains(groups, pt.Label) {
				groups = append(groups, pt.Label)
			}
		}
	}
	slices.SortStableFunc(groups, func(a, b string) int {
		return styleIndex(a, 0) - styleIndex(b, 0)
	})
	p.NominalX(groups...)

	barWidth := vg.Points(48)
	top := 0.0
	for i, l := range lines {
		heights := make(plotter.Values, len(groups))
		numbers := plotter.XYLabels{XYs: make(plotter.XYs, len(groups)),
			Labels: make([]string, len(groups))}
		for _, pt := range l.Points {
			g := slices.Index(groups, pt.Label)
			heights[g] = pt.Center
			numbers.XYs[g] = plotter.XY{X: float64(g), Y: pt.Center}
			numbers.Labels[g] = strconv.FormatFloat(pt.Center, 'f', -1, 64)
			top = max(top, pt.Center)
		}
		bars, err := plotter.NewBarChart(heights, barWidth)
		if err != nil {
			return nil, err
		}
		bars.Color = palette[i%len(palette)]
		bars.LineStyle.Width = 0
		// Side by side, centred on the group's place.
		bars.Offset = barWidth * vg.Length(2*i-len(lines)+1) / 2
		labels, err := plotter.NewLabels(numbers)
		if err != nil {
			return nil, err
		}
		labels.Offset = vg.Point{X: bars.Offset, Y: 4}
		for j := range labels.TextStyle {
			labels.TextStyle[j].Font = font.From(sans, tickPt)
			labels.TextStyle[j].XAlign = draw.XCenter
		}
		p.Add(bars, labels)
		p.Legend.Add(pitfallName(l), bars)
	}
	// Room beside the outer bars, and above them for the legend. The
	// y axis is marked in quarters of one connection per URL.
	p.X.Min, p.X.Max = -0.6, float64(len(groups))-0.4
	p.Y.Min, p.Y.Max = 0, max(top, 1)*1.7
	if n, err := strconv.Atoi(lines[0].Config["/urls"]); err == nil && n >= 4 {
		p.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"},
			quarter(n, 1), quarter(n, 2), quarter(n, 3), quarter(n, 4)}
	}
	return p, nil
}

// quarter is a tick at q quarters of n.
func quarter(n, q int) plot.Tick {
	v := float64(n*q) / 4
	return plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)}
}

// pitfallName says what a case of BenchmarkPitfalls does.
func pitfallName(l Line) string {
	idle := map[string]string{
		"default": "idle pool of 2 (default)",
		"sized":   "idle pool sized to the style",
	}[l.Config["/idle"]]
	body := map[string]string{
		"drained":   "body read to its end",
		"undrained": "body closed unread",
	}[l.Config["/body"]]
	if idle == "" || body == "" {
		return l.Name
	}
	return idle + ", " + body
}

// newPlot returns a plot with a title, axis labels, a grid, and text
// large enough for a projector.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, titlePt)
	p.Title.Padding = vg.Points(12)
	p.X.Label.Text, p.Y.Label.Text = x, y
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelPt)
		a.Tick.Label.Font = font.From(sans, tickPt)
		a.Width, a.Tick.Width = 1.5, 1.5
	}
	p.Legend.TextStyle.Font = font.From(sans, legendPt)
	p.Legend.ThumbnailWidth = vg.Points(40)
	p.Legend.Padding = vg.Points(4)
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{0xDD}
	grid.Horizontal.Color = color.Gray{0xDD}
	p.Add(grid)
	return p
}

// legend puts the legend in a corner of the chart, inside the axes.
func legend(p *plot.Plot, top, left bool) {
	const in = 16 // points from the axes
	p.Legend.Top, p.Legend.Left = top, left
	p.Legend.XOffs, p.Legend.YOffs = in, in
	if !left {
		p.Legend.XOffs = -in
	}
	if top {
		p.Legend.YOffs = -in
	}
}

// pad widens a log axis by factor at each end, so that the marks at
// its ends, and the labels under them, stay clear of the edges.
func pad(a *plot.Axis, factor float64) {
	a.Min /= factor
	a.Max *= factor
}

// addLines draws each line in its style's colour, a mark at each point
// and an error bar for the point's confidence interval, and names it in
// the legend.
func addLines(p *plot.Plot, lines []Line) error {
	for i, l := range lines {
		look := styleIndex(l.Name, i)
		c, shape := palette[look%len(palette)], shapes[look%len(shapes)]
		line, marks, err := plotter.NewLinePoints(points(l.Points))
		if err != nil {
			return err
		}
		bars, err := plotter.NewYErrorBars(points(l.Points))
		if err != nil {
			return err
		}
		line.Color, line.Width = c, 3
		marks.Color, marks.Radius, marks.Shape = c, 5, shape
		bars.Color, bars.Width, bars.CapWidth = c, 2, 12
		p.Add(line, bars, marks)
		p.Legend.Add(l.Name, line, marks)
	}
	return nil
}

// styleIndex returns where the style named name comes in bench.Styles,
// or i if name is not a style, so colours follow the styles.
func styleIndex(name string, i int) int {
	if j := slices.Index(bench.StyleNames(), name); j >= 0 {
		return j
	}
	return i
}

// points are a line's points as gonum's plotters read them: x, the
// median, and how far the confidence interval reaches below and above
// it. With too few runs the interval is infinite; no bar is drawn.
type points []Point

func (ps points) Len() int                { return len(ps) }
func (ps points) XY(i int) (x, y float64) { return ps[i].X, ps[i].Center }
func (ps points) YError(i int) (lo, hi float64) {
	s := ps[i].Summary
	if math.IsInf(s.Lo, 0) || math.IsInf(s.Hi, 0) {
		return 0, 0
	}
	return s.Center - s.Lo, s.Hi - s.Center
}

// valueTicks marks the x axis at the values the lines were measured
// at, 10, 100, 1000 URLs or 1, 2, 4 … workers, and nowhere else.
func valueTicks(lines []Line) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	for _, l := range lines {
		for _, pt := range l.Points {
			if !slices.ContainsFunc(ticks, func(t plot.Tick) bool {
				return t.Value == pt.X
			}) {
				ticks = append(ticks, plot.Tick{Value: pt.X, Label: pt.Label})
			}
		}
	}
	return ticks
}

// logTicks marks a log axis at 1 to 9 times each power of ten, and
// labels 1, 2 and 5 times, so that an axis shorter than a decade
// still has numbers to read.
type logTicks struct{ format func(float64) string }

func (t logTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for m := 1; m <= 9; m++ {
			tick := plot.Tick{Value: float64(m) * math.Pow(10, e)}
			if m == 1 || m == 2 || m == 5 {
				tick.Label = t.format(tick.Value)
			}
			ticks = append(ticks, tick)
		}
	}
	return ticks
}

// labelled marks an axis as its Ticker does, and formats its labels.
type labelled struct {
	plot.Ticker
	format func(float64) string
}

func (l labelled) Ticks(min, max float64) []plot.Tick {
	ticks := l.Ticker.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = l.format(ticks[i].Value)
		}
	}
	return ticks
}

// seconds formats a number of seconds as a duration: 20ms, 1s.
func seconds(v float64) string {
	return time.Duration(v * float64(time.Second)).Round(time.Microsecond).String()
}

// thousands formats 25000 as 25k.
func thousands(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v/1000, 'f', -1, 64) + "k"
}

// save writes p to path as SVG. The SVG names its font, Liberation
// Sans, and no other. Liberation Sans is drawn to Arial's measures, so
// naming Arial and sans-serif after it lets a viewer without it keep
// every label where the chart placed it.
func save(p *plot.Plot, path string) error {
	w, err := p.WriterTo(width, height, "svg")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return err
	}
	svg := strings.ReplaceAll(buf.String(), "font-family:Liberation Sans;",
		"font-family:Liberation Sans,Arial,Helvetica,sans-serif;")
	return os.WriteFile(path, []byte(svg), 0o644)
}
