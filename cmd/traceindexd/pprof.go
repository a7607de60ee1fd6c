package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"cosmossdk.io/log/v2"
)

// servePprof serves Go's profiling endpoints on their own listener (never
// on the REST port: profiles are for the operator, not for apps) and
// returns the address it listens on.
func servePprof(addr string, logger log.Logger) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--pprof %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	logger.Info("traceindexd profiling", "pprof", ln.Addr().String())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr(), nil
}
