package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/cmd/traceindexd/auth"
	"github.com/tracechain/tracechain/cmd/traceindexd/subscribe"
)

// The EPCIS 2.0 REST binding's named queries and subscriptions, all behind
// a token with the query scope (a subscription makes the indexer send
// requests; who asked must be known and bounded).
func (s *Server) queryRoutes(r gin.IRoutes) {
	q := s.requireScope(auth.ScopeQuery)
	r.POST("/queries", q, s.createQuery)
	r.GET("/queries", q, s.listQueries)
	r.GET("/queries/:queryName", q, s.getQuery)
	r.DELETE("/queries/:queryName", q, s.deleteQuery)
	r.GET("/queries/:queryName/events", q, s.queryEvents)
	r.POST("/queries/:queryName/subscriptions", q, s.subscribe)
	r.GET("/queries/:queryName/subscriptions", q, s.listSubscriptions)
	r.GET("/queries/:queryName/subscriptions/:subscriptionID", q, s.getSubscription)
	r.DELETE("/queries/:queryName/subscriptions/:subscriptionID", q, s.unsubscribe)
}

// maxDefinitionBytes bounds a query definition or a subscription request.
const maxDefinitionBytes = 64 << 10

// queriesFail maps the subscribe package's errors to answers.
func queriesFail(c *gin.Context, err error) {
	var invalid *subscribe.InvalidError
	var limit *subscribe.ErrLimit
	switch {
	case errors.As(err, &invalid):
		epcisFail(c, http.StatusBadRequest, "QueryParameterException", err.Error())
	case errors.As(err, &limit):
		epcisFail(c, http.StatusTooManyRequests, "SubscriptionControlsException", err.Error())
	case errors.Is(err, subscribe.ErrNotFound):
		epcisFail(c, http.StatusNotFound, "NoSuchNameException", err.Error())
	case errors.Is(err, subscribe.ErrForbidden):
		epcisFail(c, http.StatusForbidden, "SecurityException", err.Error())
	case errors.Is(err, subscribe.ErrExists):
		epcisFail(c, http.StatusConflict, "ResourceAlreadyExistsException", err.Error())
	default:
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
	}
}

func (s *Server) queriesOff(c *gin.Context) bool {
	if s.Queries != nil {
		return false
	}
	epcisFail(c, http.StatusNotFound, "NoSuchResourceException", "/queries: named queries are not offered by this indexer")
	return true
}

// readJSON decodes a bounded JSON body, refusing unknown fields.
func readJSON(c *gin.Context, into any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxDefinitionBytes))
	if err != nil {
		epcisFail(c, http.StatusRequestEntityTooLarge, "QueryTooLargeException", "the body: at most 64 KiB")
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		epcisFail(c, http.StatusBadRequest, "QueryParameterException", "the body: "+err.Error())
		return false
	}
	return true
}

// createQuery: POST /queries {"name": …, "query": {…}}.
func (s *Server) createQuery(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	var q subscribe.NamedQuery
	if !readJSON(c, &q) {
		return
	}
	if err := s.Queries.CreateQuery(q, c.GetString(tokenNameKey)); err != nil {
		queriesFail(c, err)
		return
	}
	epcisHeaders(c)
	c.Header("Location", "/queries/"+url.PathEscape(q.Name))
	c.Status(http.StatusCreated)
}

// listQueries: GET /queries, by name, perPage at a time.
func (s *Server) listQueries(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	perPage, after, _, ok := pageParams(c)
	if !ok {
		return
	}
	qs, more, err := s.Queries.Queries(after, perPage)
	if err != nil {
		queriesFail(c, err)
		return
	}
	if qs == nil {
		qs = []subscribe.NamedQuery{}
	}
	if more {
		c.Header("Link", "</queries?perPage="+strconv.Itoa(perPage)+"&nextPageToken="+base64.RawURLEncoding.EncodeToString([]byte(qs[len(qs)-1].Name))+`>; rel="next"`)
		nextPageHeaders(c)
	}
	epcisHeaders(c)
	c.JSON(http.StatusOK, qs)
}

// perPageParam reads perPage: 1 to 1000, 30 by default.
func perPageParam(c *gin.Context) (int, bool) {
	v := c.Query("perPage")
	if v == "" {
		return 30, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		epcisFail(c, http.StatusBadRequest, "QueryParameterException", "perPage: a whole number from 1 to 1000")
		return 0, false
	}
	return n, true
}

// pageParams reads perPage and a nextPageToken that names, base64url, the
// last item of the previous page ("" and false for the first page).
func pageParams(c *gin.Context) (perPage int, after string, hasAfter, ok bool) {
	if perPage, ok = perPageParam(c); !ok {
		return 0, "", false, false
	}
	token := c.Query("nextPageToken")
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		epcisFail(c, http.StatusBadRequest, "QueryParameterException", "nextPageToken: not a token this server gave")
		return 0, "", false, false
	}
	return perPage, string(raw), token != "", true
}

func (s *Server) getQuery(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	q, err := s.Queries.Query(c.Param("queryName"))
	if err != nil {
		queriesFail(c, err)
		return
	}
	epcisHeaders(c)
	c.JSON(http.StatusOK, q)
}

func (s *Server) deleteQuery(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	if err := s.Queries.DeleteQuery(c.Param("queryName"), c.GetString(tokenNameKey)); err != nil {
		queriesFail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// queryEvents: GET /queries/{name}/events — the query's events (perPage
// and nextPageToken as on /events), or, asked with a WebSocket upgrade and
// stream=true, its events as they are recorded.
func (s *Server) queryEvents(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	params, err := s.Queries.Params(c.Param("queryName"))
	if err != nil {
		queriesFail(c, err)
		return
	}
	if isWebSocket(c.Request) {
		s.streamQuery(c)
		return
	}
	for name, vs := range c.Request.URL.Query() {
		if name != "perPage" && name != "nextPageToken" {
			epcisFail(c, http.StatusBadRequest, "QueryParameterException", name+": a named query's events take perPage and nextPageToken only (stream=true with a WebSocket upgrade)")
			return
		}
		params[name] = vs
	}
	s.epcisQuery(c, params)
}

func (s *Server) subscribe(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	var r subscribe.Request
	if !readJSON(c, &r) {
		return
	}
	sub, err := s.Queries.Subscribe(c.Param("queryName"), r, c.GetString(tokenNameKey))
	if err != nil {
		queriesFail(c, err)
		return
	}
	epcisHeaders(c)
	c.Header("Location", "/queries/"+url.PathEscape(sub.QueryName)+"/subscriptions/"+sub.SubscriptionID)
	c.JSON(http.StatusCreated, sub)
}

func (s *Server) listSubscriptions(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	subs, err := s.Queries.Subscriptions(c.Param("queryName"), c.GetString(tokenNameKey))
	if err != nil {
		queriesFail(c, err)
		return
	}
	if subs == nil {
		subs = []*subscribe.Subscription{}
	}
	epcisHeaders(c)
	c.JSON(http.StatusOK, subs)
}

func (s *Server) getSubscription(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	sub, err := s.Queries.Subscription(c.Param("queryName"), c.Param("subscriptionID"), c.GetString(tokenNameKey))
	if err != nil {
		queriesFail(c, err)
		return
	}
	epcisHeaders(c)
	c.JSON(http.StatusOK, sub)
}

func (s *Server) unsubscribe(c *gin.Context) {
	if s.queriesOff(c) {
		return
	}
	if err := s.Queries.Unsubscribe(c.Param("queryName"), c.Param("subscriptionID"), c.GetString(tokenNameKey)); err != nil {
		queriesFail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
