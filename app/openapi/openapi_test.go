package openapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/stretchr/testify/require"
)

// getRule matches a query's HTTP rule in a .proto file.
var getRule = regexp.MustCompile(`\(google\.api\.http\)\.get\s*=\s*"([^"]+)"`)

// The served document is valid Swagger 2.0 (and converts to a valid
// OpenAPI 3), and describes exactly the GET routes the protos declare:
// nothing left out, nothing made up.
func TestTheNodeDocumentDescribesEveryGatewayRoute(t *testing.T) {
	w := httptest.NewRecorder()
	Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, Route, nil))
	require.Equal(t, http.StatusOK, w.Code)

	var v2 openapi2.T
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &v2))
	v3, err := openapi2conv.ToV3(&v2)
	require.NoError(t, err)
	require.NoError(t, v3.Validate(context.Background()))

	var documented []string
	ids := map[string]bool{}
	for p, item := range v2.Paths {
		require.NotNil(t, item.Get, p)
		require.False(t, ids[item.Get.OperationID], "operationId %s twice", item.Get.OperationID)
		ids[item.Get.OperationID] = true
		documented = append(documented, p)
	}
	var declared []string
	protos, err := filepath.Glob("../../proto/tracechain/*/v1/query.proto")
	require.NoError(t, err)
	require.Len(t, protos, 6)
	for _, f := range protos {
		bz, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range getRule.FindAllStringSubmatch(string(bz), -1) {
			declared = append(declared, m[1])
		}
	}
	sort.Strings(documented)
	sort.Strings(declared)
	require.Equal(t, declared, documented)
	for _, p := range documented {
		require.True(t, strings.HasPrefix(p, "/tracechain/"), p)
	}
}
