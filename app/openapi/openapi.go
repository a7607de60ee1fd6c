// Package openapi serves the OpenAPI (Swagger 2.0) document of the node's
// tracechain/* REST routes (the modules' gRPC-gateway queries). The
// per-module documents are generated from the protos by `make proto-gen`
// (protoc-gen-swagger, offline) and merged here into one.
package openapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
)

//go:embed *.swagger.json
var generated embed.FS

// Route is where the node's API server serves the document.
const Route = "/tracechain/openapi.json"

var (
	once   sync.Once
	merged []byte
	errDoc error
)

// Document is the merged document: every module's paths and definitions,
// operation IDs prefixed with the module (each module's service is named
// Query).
func Document() ([]byte, error) {
	once.Do(func() { merged, errDoc = merge() })
	return merged, errDoc
}

func merge() ([]byte, error) {
	files, err := generated.ReadDir(".")
	if err != nil {
		return nil, err
	}
	paths := map[string]map[string]map[string]any{}
	definitions := map[string]any{}
	var modules []string
	for _, f := range files {
		module := strings.TrimSuffix(f.Name(), ".swagger.json")
		modules = append(modules, module)
		bz, err := generated.ReadFile(f.Name())
		if err != nil {
			return nil, err
		}
		var doc struct {
			Paths       map[string]map[string]map[string]any `json:"paths"`
			Definitions map[string]any                       `json:"definitions"`
		}
		if err := json.Unmarshal(bz, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name(), err)
		}
		for p, ops := range doc.Paths {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is also another module's", f.Name(), p)
			}
			for _, op := range ops {
				if id, ok := op["operationId"].(string); ok {
					op["operationId"] = module + "_" + id
				}
				op["tags"] = []string{module}
			}
			paths[p] = ops
		}
		for name, def := range doc.Definitions {
			definitions[name] = def // fully qualified names: the same message is the same definition
		}
	}
	sort.Strings(modules)
	return json.MarshalIndent(map[string]any{
		"swagger": "2.0",
		"info": map[string]any{
			"title":       "TraceChain node REST: the tracechain/* queries",
			"version":     "v1",
			"description": "The modules' gRPC queries over the node's REST (gRPC-gateway) API, generated from proto/tracechain/*/v1/query.proto. Answers are protobuf JSON. The SDK's own routes (cosmos/*) are described at /swagger/ when the node's api.swagger is on.",
		},
		"consumes":    []string{"application/json"},
		"produces":    []string{"application/json"},
		"tags":        tags(modules),
		"paths":       paths,
		"definitions": definitions,
	}, "", " ")
}

func tags(modules []string) []map[string]string {
	out := make([]map[string]string, 0, len(modules))
	for _, m := range modules {
		out = append(out, map[string]string{"name": m, "description": "x/" + m + " queries (" + path.Join("proto/tracechain", m, "v1/query.proto") + ")"})
	}
	return out
}

// Handler serves the document.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		bz, err := Document()
		if err != nil {
			http.Error(w, "the OpenAPI document did not build", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(bz)
	})
}
