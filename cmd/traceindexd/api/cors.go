package api

import (
	"net/http"

	"github.com/rs/cors"

	"github.com/tracechain/tracechain/x/lib/uploadauth"
)

// withCORS lets browser apps of the allowed origins call the indexer
// (preflight answered, the height and Retry-After headers readable); with
// no origin allowed the handler is left as it is and browsers refuse
// cross-origin answers, their default.
func withCORS(h http.Handler, origins []string) http.Handler {
	if len(origins) == 0 {
		return h
	}
	return cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodHead, http.MethodPost},
		AllowedHeaders: []string{"Content-Type", "Accept", "Accept-Language", uploadauth.PubKeyHeader, uploadauth.SignatureHeader, uploadauth.SignedAtHeader, uploadauth.BatchHeader},
		ExposedHeaders: []string{HeightHeader, "Retry-After", "Location", "Link"},
		MaxAge:         600,
	}).Handler(h)
}
