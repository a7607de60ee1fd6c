// Package api is traceindexd's REST interface (Gin): health, readiness,
// Prometheus metrics and the indexed events, every answer carrying the
// height it reflects.
package api

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cosmossdk.io/log/v2"
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tracechain/tracechain/cmd/traceindexd/auth"
	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/cmd/traceindexd/subscribe"
)

// Progress is what the follower reports.
type Progress interface {
	NodeHeight() int64
	Indexed() int64
}

// Throughput is what a follower counts as it indexes (for /metrics).
type Throughput interface {
	TxsIndexed() uint64
	ReadingsIndexed() uint64
}

// Server serves the index.
type Server struct {
	Store    *store.Store
	Progress Progress
	Chain    Chain
	State    StateReader
	// MaxLag is how many blocks behind the node /readyz still calls ready.
	MaxLag int64
	// ScanBudget bounds the index entries one EPCIS query examines
	// (0: epcisq.ScanBudget).
	ScanBudget int
	// Logger receives the details of failures the indexer answers with a
	// 5xx: clients see a stable code and message, never internals.
	Logger log.Logger
	// Limits are the admission limits (zero: unlimited).
	Limits Limits
	// TrustedProxies are the addresses (IPs or CIDRs) whose
	// X-Forwarded-For names the client; none by default, so that a client
	// cannot pick its own identity (and rate limit) with a header.
	TrustedProxies []string
	// CORSOrigins are the browser origins allowed to call the indexer
	// (none by default: browsers refuse cross-origin answers).
	CORSOrigins []string
	// Uploads checks who posts a batch (nil: nobody may).
	Uploads UploadAuthorizer
	// Capture is the EPCIS capture interface (nil: not deployed).
	Capture Capturer
	// Queries are the named queries and their subscriptions (nil: not offered).
	Queries *subscribe.Manager
	// Tokens are the bearer tokens clients present (nil: none issued).
	Tokens *auth.Keys
	// QueryTokens makes the EPCIS query resources require a token with the
	// query scope (off: they are public, like the rest of the index).
	QueryTokens bool

	admission     *admission
	batchReadings prometheus.Counter
}

// apiError is every error answer: a code and a message naming the parameter.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func fail(c *gin.Context, status int, code, message string) {
	c.AbortWithStatusJSON(status, apiError{Code: code, Message: clientMessage(c, status, code, message)})
}

// serverFaults are what a client is told of a failure on the indexer's or
// the node's side; what went wrong goes to the log.
var serverFaults = map[int]string{
	http.StatusInternalServerError: "the indexer failed to answer; the failure is in its log",
	http.StatusBadGateway:          "the node did not answer the indexer; try again",
	http.StatusServiceUnavailable:  "the index is not ready yet; try again",
}

// clientMessage keeps a 4xx's message (it names the parameter or the
// condition) and replaces a 5xx's with a stable one, logging the detail.
func clientMessage(c *gin.Context, status int, code, detail string) string {
	if status < 500 {
		return detail
	}
	generic, known := serverFaults[status]
	if !known {
		generic = serverFaults[http.StatusInternalServerError]
	}
	if l, ok := c.Get(loggerKey); ok {
		l.(log.Logger).Error("request failed", "route", c.FullPath(), "status", status, "code", code, "err", detail)
	}
	return generic
}

const loggerKey = "traceindexd.logger"

// Handler builds the Gin engine with its routes and metrics.
func (s *Server) Handler(reg *prometheus.Registry) (http.Handler, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(s.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	// Only the header a proxy writes: X-Real-IP, which gin would fall back
	// to, is the client's to set.
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	s.admission = newAdmission(s.Limits)
	// IDs in paths (eventIDs, EPCs as Digital Link URIs) contain slashes:
	// route on the escaped path, hand handlers the unescaped value.
	r.UseRawPath = true
	r.UnescapePathValues = true
	if s.Logger != nil {
		r.Use(func(c *gin.Context) { c.Set(loggerKey, s.Logger) })
	}
	// A panic is a 500 like any other: {code, message} to the client, the
	// detail to the log.
	r.Use(gin.CustomRecoveryWithWriter(io.Discard, func(c *gin.Context, recovered any) {
		fail(c, http.StatusInternalServerError, "internal", fmt.Sprintf("panic: %v", recovered))
	}))
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "traceindexd_request_seconds", Help: "REST request latency by route.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
	}, []string{"route", "status"})
	reg.MustRegister(latency,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "traceindexd_indexed_height", Help: "Last height fully indexed."},
			func() float64 { return float64(s.Progress.Indexed()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "traceindexd_node_height", Help: "The node's latest height last seen."},
			func() float64 { return float64(s.Progress.NodeHeight()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "traceindexd_lag_blocks", Help: "Blocks the index is behind the node."},
			func() float64 { return float64(s.lag()) }),
		// What an operator expects of any Go service: goroutines, GC,
		// memory, and the process's CPU, RSS and file descriptors.
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "traceindexd_requests_in_flight", Help: "Requests being answered (metered routes)."},
			func() float64 { return float64(s.admission.inFlightNow()) }),
	)
	if s.Store != nil {
		reg.MustRegister(pebbleCollector{s.Store.Metrics})
	}
	if t, ok := s.Progress.(Throughput); ok {
		reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "traceindexd_txs_indexed_total", Help: "Successful transactions indexed since the start."},
				func() float64 { return float64(t.TxsIndexed()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "traceindexd_readings_indexed_total", Help: "Readings indexed from blocks since the start."},
				func() float64 { return float64(t.ReadingsIndexed()) }),
		)
	}
	s.batchReadings = prometheus.NewCounter(prometheus.CounterOpts{Name: "traceindexd_batch_readings_stored_total", Help: "Readings of posted batches stored since the start."})
	reg.MustRegister(s.batchReadings)
	r.Use(func(c *gin.Context) {
		start := time.Now()
		// Every answer names the height it reflects, in a header (the
		// EPCIS routes' bodies are GS1's shapes) as well as in the body
		// where the body has room for it.
		height := s.Progress.Indexed()
		c.Set(heightKey, height)
		c.Header(HeightHeader, strconv.FormatInt(height, 10))
		c.Next()
		latency.WithLabelValues(c.FullPath(), strconv.Itoa(c.Writer.Status())).Observe(time.Since(start).Seconds())
	}, s.admission.handle, boundRequest)
	r.NoRoute(func(c *gin.Context) { fail(c, http.StatusNotFound, "not_found", "no route "+c.Request.URL.Path) })
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok", "height": heightOf(c)}) })
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	r.GET("/openapi.json", serveOpenAPI)
	v1 := r.Group("/v1")
	v1.GET("/status", s.status)
	v1.GET("/events", s.events)
	v1.GET("/txs/:hash", s.txByHash)
	v1.GET("/devices/:id/readings", s.readings)
	v1.POST("/batches", s.postBatch)
	s.viewRoutes(v1)
	// The EPCIS 2.0 REST binding at the base URL, as GS1's OpenAPI has it;
	// /epcis/… are the same resources under their earlier paths.
	for _, g := range []*gin.RouterGroup{r.Group("/"), r.Group("/epcis")} {
		if s.QueryTokens {
			g.Use(s.requireScope(auth.ScopeQuery))
		}
		g.GET("/events", s.epcisEvents)
		g.GET("/events/:eventID", s.epcisEvent)
		g.GET("/epcs/:epc/events", s.epcEvents)
		s.discoveryRoutes(g)
	}
	r.GET("/", s.topLevel)
	s.digitalLinkRoutes(r)
	s.captureRoutes(r)
	s.queryRoutes(r)
	return withCORS(r, s.CORSOrigins), nil
}

// HeightHeader carries, on every answer, the height of the index it reflects.
const HeightHeader = "TraceChain-Height"

const heightKey = "traceindexd.height"

// heightOf is the height read once when the request arrived: the header
// and the body of an answer name the same one.
func heightOf(c *gin.Context) int64 {
	if h, ok := c.Get(heightKey); ok {
		return h.(int64)
	}
	return 0
}

func (s *Server) lag() int64 { return max(0, s.Progress.NodeHeight()-s.Progress.Indexed()) }

func (s *Server) readyz(c *gin.Context) {
	body := gin.H{"height": heightOf(c), "node_height": s.Progress.NodeHeight(), "lag": s.lag(), "max_lag": s.MaxLag}
	if s.Progress.NodeHeight() == 0 || s.lag() > s.MaxLag {
		c.JSON(http.StatusServiceUnavailable, body)
		return
	}
	c.JSON(http.StatusOK, body)
}

func (s *Server) status(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"height": heightOf(c), "node_height": s.Progress.NodeHeight(), "lag": s.lag()})
}

// txByHash: /v1/txs/{hash}: a successful transaction the index holds.
func (s *Server) txByHash(c *gin.Context) {
	height := heightOf(c)
	hash, err := hex.DecodeString(c.Param("hash"))
	if err != nil || len(hash) != 32 {
		fail(c, http.StatusBadRequest, "invalid_parameter", "hash: 64 hex digits, the SHA-256 of the transaction bytes")
		return
	}
	t, found, err := s.Store.TxByHash(hash)
	if err != nil {
		fail(c, http.StatusInternalServerError, "internal", err.Error())
		return
	}
	if !found {
		fail(c, http.StatusNotFound, "not_found", fmt.Sprintf(
			"hash: transaction %X is not indexed (unknown, failed in its block, or above height %d, the last indexed)", hash, height))
		return
	}
	c.JSON(http.StatusOK, gin.H{"height": height, "tx": t})
}

const maxLimit = 1000

// events: /v1/events?type=tracechain.trace.v1.EventObjectCommissioned&from_height=&page_token=&limit=
func (s *Server) events(c *gin.Context) {
	height := heightOf(c)
	typ := c.Query("type")
	if typ == "" || len(typ) > 200 {
		fail(c, http.StatusBadRequest, "invalid_parameter", "type: required, the full name of a typed event (tracechain.<module>.v1.Event...)")
		return
	}
	from, err := intParam(c, "from_height", 0, 1<<62)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_parameter", err.Error())
		return
	}
	limit, err := intParam(c, "limit", 100, maxLimit)
	if err != nil {
		fail(c, http.StatusBadRequest, "invalid_parameter", err.Error())
		return
	}
	if limit == 0 {
		limit = 100
	}
	events, next, err := s.Store.Events(typ, from, c.Query("page_token"), int(limit))
	if errors.Is(err, store.ErrBadPageToken) {
		fail(c, http.StatusBadRequest, "invalid_parameter", "page_token: "+err.Error())
		return
	} else if err != nil {
		fail(c, http.StatusInternalServerError, "internal", err.Error())
		return
	}
	if events == nil {
		events = []store.Event{}
	}
	c.JSON(http.StatusOK, gin.H{"height": height, "events": events, "next_page_token": next})
}

// intParam reads an optional non-negative integer parameter up to max.
func intParam(c *gin.Context, name string, def, maxV int64) (int64, error) {
	raw, ok := c.GetQuery(name)
	if !ok || raw == "" {
		return def, nil
	}
	v, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || v < 0 || v > maxV {
		return 0, errors.New(name + ": a whole number from 0 to " + strconv.FormatInt(maxV, 10))
	}
	return v, nil
}

// Bounds of a request's path and query, checked before any handler reads
// them.
const (
	maxPathLength  = 2048
	maxQueryLength = 16 << 10
	maxQueryPairs  = 64
)

// boundRequest refuses, before anything parses them, a path or query
// longer than any route needs, and a query Go's parser would partly drop
// (an unescaped ';', a bad %-escape, more pairs than it keeps): a dropped
// parameter would silently widen the answer.
func boundRequest(c *gin.Context) {
	u := c.Request.URL
	switch {
	case len(u.EscapedPath()) > maxPathLength:
		fail(c, http.StatusBadRequest, "invalid_parameter", fmt.Sprintf("path: %d characters, at most %d", len(u.EscapedPath()), maxPathLength))
		return
	case len(u.RawQuery) > maxQueryLength:
		fail(c, http.StatusBadRequest, "invalid_parameter", fmt.Sprintf("query: %d characters, at most %d", len(u.RawQuery), maxQueryLength))
		return
	case strings.Count(u.RawQuery, "&") >= maxQueryPairs:
		fail(c, http.StatusBadRequest, "invalid_parameter", fmt.Sprintf("query: more than %d parameters", maxQueryPairs))
		return
	}
	if _, err := url.ParseQuery(u.RawQuery); err != nil {
		fail(c, http.StatusBadRequest, "invalid_parameter", "query: "+err.Error()+" (escape ';' as %3B)")
		return
	}
	c.Next()
}
