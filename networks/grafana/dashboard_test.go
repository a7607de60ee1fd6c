package grafana

import (
	"errors"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/stretchr/testify/require"
)

// schemaErr is err, except the empty cog.BuildErrors the SDK's generated
// code returns as a non-nil error when nothing failed.
func schemaErr(err error) error {
	var build cog.BuildErrors
	if errors.As(err, &build) && len(build) == 0 {
		return nil
	}
	return err
}

// The dashboard is valid for Grafana: it decodes strictly (no field the
// schema does not know, no required field missing, every panel a known
// kind) into the types generated from Grafana's dashboard schema and
// passes their validation.
func TestDashboardFollowsGrafanasSchema(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	var d dashboard.Dashboard //nolint:staticcheck // the classic JSON model Grafana imports; v2 is the resource API's shape
	require.NoError(t, schemaErr(d.UnmarshalJSONStrict(Dashboard)))
	require.NoError(t, schemaErr(d.Validate()))
	require.NotEmpty(t, d.Panels)

	metrics, err := Metrics()
	require.NoError(t, err)
	for _, want := range []string{
		"cometbft_consensus_height", "cometbft_mempool_size", "traceindexd_lag_blocks",
		"traceindexd_request_seconds_bucket", "traceindexd_readings_indexed_total", "tracechaind_tx_count",
	} {
		require.Contains(t, metrics, want)
	}
}

// The strict check has teeth: a field Grafana does not know, or a panel
// missing what its kind requires, is refused.
func TestDashboardSchemaCheckRefusesMistakes(t *testing.T) {
	plugins.RegisterDefaultPlugins()
	var d dashboard.Dashboard //nolint:staticcheck // the classic JSON model Grafana imports; v2 is the resource API's shape
	require.Error(t, schemaErr(d.UnmarshalJSONStrict([]byte(`{"title":"x","panels":[],"templating":{"list":[]},"annotations":{"list":[]},"colour":"red"}`))))
	var p dashboard.Dashboard //nolint:staticcheck // as above
	require.Error(t, schemaErr(p.UnmarshalJSONStrict([]byte(`{"title":"x","templating":{"list":[]},"annotations":{"list":[]},
		"panels":[{"type":"timeseries","title":"t","options":{"legend":{"displayMode":"list","placement":"bottom","showLegend":true}}}]}`))))
}
