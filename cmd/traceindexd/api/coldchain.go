package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// The cold chain of a lot, drawn on the server as SVG: the temperature
// readings of each device the chain tied to it, the product's storage
// limits as a band, and each excursion the chain recorded, marked.

// maxPlotDevices and maxPlotPoints bound one page's plots.
const (
	maxPlotDevices = 3
	maxPlotPoints  = 500
)

// coldChainPlot is one device's plot.
type coldChainPlot struct {
	Device     string
	SVG        template.HTML
	Readings   int
	Excursions int
}

type point struct {
	ms        uint64
	celsius   float64
	counter   uint64
	excursion bool
}

// coldChain draws the plots of a resolved object: a device is on it when
// the chain recorded an excursion of the object from that device's
// readings (the AssociationEvent tied them).
func (s *Server) coldChain(ctx context.Context, r *resolved, lang string) ([]coldChainPlot, []devicetypes.Excursion, error) {
	if r.Object == nil || s.Store == nil {
		return nil, nil, nil
	}
	var ex devicetypes.QueryExcursionsResponse
	if err := s.State.QueryAt(ctx, "/tracechain.device.v1.Query/Excursions", &devicetypes.QueryExcursionsRequest{ObjectId: r.ID.URI}, &ex, r.Height); err != nil {
		var refused nodeRefusal
		if errors.As(err, &refused) {
			return nil, nil, nil
		}
		return nil, nil, err
	}
	byDevice := map[string][]devicetypes.Excursion{}
	var devices []string
	for _, e := range ex.Excursions {
		if _, seen := byDevice[e.Device]; !seen {
			devices = append(devices, e.Device)
		}
		byDevice[e.Device] = append(byDevice[e.Device], e)
	}
	sort.Strings(devices)
	if len(devices) > maxPlotDevices {
		devices = devices[:maxPlotDevices]
	}
	from, to := journeyWindow(r, ex.Excursions)
	var plots []coldChainPlot
	for _, d := range devices {
		addr, err := devicetypes.ParseAddress("device", d)
		if err != nil {
			continue
		}
		rs, _, err := s.Store.Readings(addr[:], from, to, "", maxPlotPoints)
		if err != nil {
			return nil, nil, err
		}
		marked := map[uint64]bool{}
		for _, e := range byDevice[d] {
			marked[e.Counter] = true
		}
		var pts []point
		for _, rd := range rs {
			var v struct {
				MeasurementType string `json:"measurement_type"`
				Value           string `json:"value"`
				Unit            string `json:"unit"`
			}
			if json.Unmarshal(rd.Reading, &v) != nil || v.Unit != "CEL" {
				continue
			}
			c, err := strconv.ParseFloat(v.Value, 64)
			if err != nil {
				continue
			}
			pts = append(pts, point{ms: rd.TimeMs, celsius: c, counter: rd.Counter, excursion: marked[rd.Counter]})
		}
		if len(pts) == 0 {
			continue
		}
		plots = append(plots, coldChainPlot{
			Device: d, Readings: len(pts), Excursions: len(byDevice[d]),
			SVG: plotSVG(pts, r.Product.GetMinTemperatureCelsius(), r.Product.GetMaxTemperatureCelsius(), d, lang),
		})
	}
	return plots, ex.Excursions, nil
}

// journeyWindow is the device time (ms) the lot's journey spans: from its
// first event to its last event or excursion, with an hour either side.
func journeyWindow(r *resolved, ex []devicetypes.Excursion) (uint64, uint64) {
	var lo, hi int64 = math.MaxInt64, 0
	for _, ev := range r.Events {
		if t, err := time.Parse(time.RFC3339Nano, ev.EventTime); err == nil {
			lo, hi = min(lo, t.UnixMilli()), max(hi, t.UnixMilli())
		}
	}
	for _, e := range ex {
		lo, hi = min(lo, int64(e.DeviceTimeMs)), max(hi, int64(e.DeviceTimeMs))
	}
	if hi == 0 {
		return 0, math.MaxUint64
	}
	hour := int64(time.Hour / time.Millisecond)
	return uint64(max(0, lo-hour)), uint64(hi + 7*24*hour)
}

// plotSVG draws readings against the storage limits.
func plotSVG(pts []point, minLimit, maxLimit, device, lang string) template.HTML {
	const w, h, left, right, top, bottom = 600.0, 240.0, 44.0, 12.0, 12.0, 30.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo, hi = math.Min(lo, p.celsius), math.Max(hi, p.celsius)
	}
	minL, minOK := parseLimit(minLimit)
	maxL, maxOK := parseLimit(maxLimit)
	if minOK {
		lo = math.Min(lo, minL)
	}
	if maxOK {
		hi = math.Max(hi, maxL)
	}
	lo, hi = math.Floor(lo-1), math.Ceil(hi+1)
	t0, t1 := float64(pts[0].ms), float64(pts[len(pts)-1].ms)
	if t1 == t0 {
		t1 = t0 + 1
	}
	x := func(ms uint64) float64 { return left + (float64(ms)-t0)/(t1-t0)*(w-left-right) }
	y := func(c float64) float64 { return top + (hi-c)/(hi-lo)*(h-top-bottom) }
	var b strings.Builder
	title := map[string]string{"en": "Temperature (°C) recorded by device ", "zh": "设备温度记录 (°C) "}[lang]
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" class="plot">`, w, h, template.HTMLEscapeString(title+device))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(title+device))
	if minOK && maxOK {
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#dafbe1" data-limits="%s..%s"/>`,
			left, y(maxL), w-left-right, y(minL)-y(maxL), template.HTMLEscapeString(minLimit), template.HTMLEscapeString(maxLimit))
	}
	for _, l := range []struct {
		ok bool
		v  float64
		s  string
	}{{minOK, minL, minLimit}, {maxOK, maxL, maxLimit}} {
		if l.ok {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#1a7f37" stroke-dasharray="4 3"/><text x="%.1f" y="%.1f" font-size="11" text-anchor="end" fill="#1a7f37">%s</text>`,
				left, w-right, y(l.v), y(l.v), left-4, y(l.v)+4, template.HTMLEscapeString(l.s))
		}
	}
	var line strings.Builder
	for i, p := range pts {
		if i > 0 {
			line.WriteByte(' ')
		}
		fmt.Fprintf(&line, "%.1f,%.1f", x(p.ms), y(p.celsius))
	}
	fmt.Fprintf(&b, `<polyline fill="none" stroke="#0969da" stroke-width="2" points="%s"/>`, line.String())
	for _, p := range pts {
		if p.excursion {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="6" fill="#b00020" class="excursion" data-counter="%d"><title>%s %s °C</title></circle>`,
				x(p.ms), y(p.celsius), p.counter, map[string]string{"en": "Excursion:", "zh": "超限:"}[lang], strconv.FormatFloat(p.celsius, 'f', -1, 64))
		}
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" fill="#57606a">%s</text><text x="%.1f" y="%.1f" font-size="11" text-anchor="end" fill="#57606a">%s</text>`,
		left, h-8, time.UnixMilli(int64(pts[0].ms)).UTC().Format("01-02 15:04"), w-right, h-8, time.UnixMilli(int64(pts[len(pts)-1].ms)).UTC().Format("01-02 15:04 UTC"))
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- built here from numbers and escaped text
}

func parseLimit(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && s != ""
}
