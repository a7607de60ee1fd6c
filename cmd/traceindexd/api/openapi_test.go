package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
)

var ginParam = regexp.MustCompile(`:([A-Za-z]+)`)

// /openapi.json names exactly the routes the server has, with their methods.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	s := &Server{Progress: fixedProgress{}}
	h := s.Handler(prometheus.NewRegistry())
	var routes []string
	for _, r := range h.(*gin.Engine).Routes() {
		routes = append(routes, r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}"))
	}
	w := get(h, "/openapi.json")
	require.Equal(t, http.StatusOK, w.Code)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &doc))
	require.Equal(t, "3.0.3", doc.OpenAPI)
	var described []string
	for path, ops := range doc.Paths {
		for method := range ops {
			described = append(described, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(described)
	require.Equal(t, routes, described)
}
