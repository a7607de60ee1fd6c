// Package grafana holds the Grafana dashboard of a TraceChain validator and
// its indexer (tracechain.json) and the Prometheus scrape jobs it expects
// (prometheus.yml). Tests check the dashboard against Grafana's dashboard
// schema and, on a running localnet, that every metric it plots exists.
package grafana

import (
	_ "embed"
	"encoding/json"
	"regexp"
	"slices"
)

// Dashboard is tracechain.json.
//
//go:embed tracechain.json
var Dashboard []byte

// metricName is a Prometheus metric of the families the dashboard plots.
var metricName = regexp.MustCompile(`\b(?:cometbft|tracechaind|traceindexd|process|go)_[a-z0-9_]+\b`)

// Metrics are the metric names the dashboard's queries use, sorted, each once.
func Metrics() ([]string, error) {
	var d struct {
		Panels []struct {
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(Dashboard, &d); err != nil {
		return nil, err
	}
	var names []string
	for _, p := range d.Panels {
		for _, t := range p.Targets {
			names = append(names, metricName.FindAllString(t.Expr, -1)...)
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}
