package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
)

var ginParam = regexp.MustCompile(`:([A-Za-z]+)`)

// /openapi.json names exactly the routes the server has, with their methods.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	s := &Server{Progress: fixedProgress{}}
	h := mustHandler(s)
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

// Every operation documents its limits and faults: the height header on
// every answer, a 5XX and a 429 (every route counts against the client's rate).
func TestOpenAPIDocumentsTheEdge(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Ref     string                     `json:"$ref"`
				Headers map[string]json.RawMessage `json:"headers"`
			} `json:"responses"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(openAPI, &doc))
	for path, ops := range doc.Paths {
		for method, op := range ops {
			name := method + " " + path
			require.Contains(t, op.Responses, "5XX", name)
			require.Contains(t, op.Responses, "429", name)
			for code, r := range op.Responses {
				if r.Ref == "" {
					require.Contains(t, r.Headers, HeightHeader, "%s %s", name, code)
				}
			}
		}
	}
}
