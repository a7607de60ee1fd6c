package api

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
)

// The page plots the truck sensor's readings against the flour's limits,
// the excursion the chain recorded marked, and nothing else marked.
func TestTheColdChainIsPlottedWithItsExcursions(t *testing.T) {
	state, path := flourState(t, false)
	lot := "https://id.gs1.org" + path
	st, err := store.Open(filepath.Join(t.TempDir(), "index"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })

	const device = "0x1a3724ac49f5c52719385c403440873ad7c1b751"
	addr, err := devicetypes.ParseAddress("device", device)
	require.NoError(t, err)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	values := []string{"18.5", "19", "20.25", "22", "31.5", "21", "19.5", "18"}
	var readings []store.Reading
	var devices [][]byte
	for i, v := range values {
		r := devicetypes.Reading{
			Device: device, Counter: uint64(i + 1), DeviceTimeMs: uint64(start.Add(time.Duration(i) * 10 * time.Minute).UnixMilli()),
			MeasurementType: "gs1:Temperature", Value: v, Unit: "CEL",
		}
		readings = append(readings, store.Reading{Device: device, Counter: r.Counter, TimeMs: r.DeviceTimeMs, Reading: store.AppendReadingJSON(nil, &r), Height: 14})
		devices = append(devices, addr[:])
	}
	require.NoError(t, st.WriteBlock(store.BlockData{Block: store.Block{Height: 14, Time: start.Format(time.RFC3339Nano)}, Devices: devices, Readings: readings}))
	state.answers[key("/tracechain.device.v1.Query/Excursions", &devicetypes.QueryExcursionsRequest{ObjectId: lot})] = &devicetypes.QueryExcursionsResponse{
		Excursions: []devicetypes.Excursion{{
			Id: 1, Device: device, Counter: 5, ObjectId: lot, MeasurementType: "gs1:Temperature", Value: "31.5", Unit: "CEL",
			Limit: "max", LimitValue: "25", DeviceTimeMs: readings[4].TimeMs, Height: 14,
		}},
	}
	h := mustHandler(&Server{Progress: fixedProgress{40}, State: state, Store: st})

	w := resolveAs(h, path, "", "")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	page := w.Body.String()
	require.Contains(t, page, "Cold chain")
	require.Equal(t, 1, strings.Count(page, "<svg"))
	require.Equal(t, 1, strings.Count(page, `class="excursion"`), "one excursion, marked once")
	require.Contains(t, page, `data-counter="5"`)
	require.Contains(t, page, `data-limits="5..25"`)
	points := regexp.MustCompile(`points="([^"]*)"`).FindStringSubmatch(page)
	require.NotNil(t, points)
	require.Len(t, strings.Fields(points[1]), len(values), "every reading drawn")
	require.Contains(t, page, fmt.Sprintf(`href="/v1/devices/%s/readings"`, device))
	require.Less(t, len(page), 300<<10)

	w = resolveAs(h, path, "", "zh")
	require.Contains(t, w.Body.String(), "冷链温度")
	require.Contains(t, w.Body.String(), "超限")
}
