package types_test

import (
	"net/url"
	"testing"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"github.com/grpc-ecosystem/grpc-gateway/utilities"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/trace/types"
)

// The node's REST API accepts the genealogy direction by name.
func TestGatewayReadsDirectionByName(t *testing.T) {
	for name, want := range map[string]types.GenealogyDirection{
		"GENEALOGY_DIRECTION_UP": types.GENEALOGY_DIRECTION_UP, "GENEALOGY_DIRECTION_BOTH": types.GENEALOGY_DIRECTION_BOTH, "2": types.GENEALOGY_DIRECTION_DOWN,
	} {
		var req types.QueryGenealogyRequest
		err := runtime.PopulateQueryParameters(&req, url.Values{"id": {"urn:epc:id:sscc:6902345.0000000011"}, "direction": {name}}, &utilities.DoubleArray{})
		require.NoError(t, err, name)
		require.Equal(t, want, req.Direction, name)
	}
}
