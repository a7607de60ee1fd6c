package api

import (
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
)

// The EPCIS 2.0 REST binding's discovery resources: what the index holds,
// as GS1 Collections, each value with its events.

// epcisContextURL is the @context of the binding's collections.
const epcisContextURL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

// collection is the binding's Collection.
type collection struct {
	Context string   `json:"@context"`
	Type    string   `json:"type"`
	Member  []string `json:"member"`
}

func newCollection(members []string) collection {
	if members == nil {
		members = []string{}
	}
	return collection{Context: epcisContextURL, Type: "Collection", Member: members}
}

// discoverable is a resource listing the values of indexed fields.
type discoverable struct {
	// Path is the resource (/bizSteps), Param the query parameter its
	// /{value}/events sets (EQ_bizStep).
	Path, Param string
	Fields      []string
	// canonical is the form the index keeps a value in.
	canonical func(field, value string) string
}

// pathParam names the value in the path as GS1's OpenAPI does ({bizStep}).
func (d discoverable) pathParam() string { return d.Path[:len(d.Path)-1] }

func asIs(_, v string) string        { return v }
func canonicalID(_, v string) string { return store.Canonical(v) }

var discoverables = []discoverable{
	{"eventTypes", "eventType", []string{store.FieldType}, asIs},
	{"epcs", "", []string{
		store.FieldEPC, store.FieldParentID, store.FieldInputEPC, store.FieldOutputEPC,
		store.FieldEPCClass, store.FieldInputEPCClass, store.FieldOutputEPCClass,
	}, canonicalID},
	{"bizSteps", "EQ_bizStep", []string{store.FieldBizStep}, store.VocabTerm},
	{"bizLocations", "EQ_bizLocation", []string{store.FieldBizLocation}, canonicalID},
	{"readPoints", "EQ_readPoint", []string{store.FieldReadPoint}, canonicalID},
	{"dispositions", "EQ_disposition", []string{store.FieldDisposition}, store.VocabTerm},
}

func (s *Server) discoveryRoutes(g gin.IRoutes) {
	for _, d := range discoverables {
		g.GET("/"+d.Path, s.listValues(d))
		g.GET("/"+d.Path+"/:"+d.pathParam(), s.valueResource(d))
		if d.Param != "" { // /epcs/{epc}/events is epcEvents
			g.GET("/"+d.Path+"/:"+d.pathParam()+"/events", s.valueEvents(d))
		}
	}
}

// topLevel: GET / — the resources this server has.
func (s *Server) topLevel(c *gin.Context) {
	members := []string{"events", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints", "dispositions"}
	if s.Capture != nil {
		members = append([]string{"capture"}, members...)
	}
	epcisHeaders(c)
	c.JSON(http.StatusOK, newCollection(members))
}

// listValues: GET /bizSteps (and the others) — the values the index holds,
// perPage at a time (a Link header names the next page).
func (s *Server) listValues(d discoverable) gin.HandlerFunc {
	return func(c *gin.Context) {
		perPage, after, hasAfter, ok := pageParams(c)
		if !ok {
			return
		}
		values, more, err := s.Store.TermValues(d.Fields, after, hasAfter, perPage)
		if err != nil {
			epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
			return
		}
		if more {
			next := base64.RawURLEncoding.EncodeToString([]byte(values[len(values)-1]))
			c.Header("Link", "</"+d.Path+"?perPage="+strconv.Itoa(perPage)+"&nextPageToken="+next+`>; rel="next"`)
			nextPageHeaders(c)
		}
		epcisHeaders(c)
		c.JSON(http.StatusOK, newCollection(values))
	}
}

// valueResource: GET /bizSteps/{bizStep} — its sub-resources (events), or
// 404 when no indexed event has it.
func (s *Server) valueResource(d discoverable) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !s.valueIndexed(c, d) {
			return
		}
		epcisHeaders(c)
		c.JSON(http.StatusOK, newCollection([]string{"events"}))
	}
}

func (s *Server) valueIndexed(c *gin.Context, d discoverable) bool {
	v := c.Param(d.pathParam())
	found, err := s.Store.HasTerm(d.Fields, d.canonical(d.Fields[0], v))
	if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return false
	}
	if !found {
		epcisFail(c, http.StatusNotFound, "NoSuchResourceException", d.Path+": no indexed event has "+v)
		return false
	}
	return true
}

// valueEvents: GET /bizSteps/{bizStep}/events — the events having it, with
// the other query parameters as on /events.
func (s *Server) valueEvents(d discoverable) gin.HandlerFunc {
	return func(c *gin.Context) {
		params := c.Request.URL.Query()
		if params.Has(d.Param) {
			epcisFail(c, http.StatusBadRequest, "QueryParameterException", d.Param+": the "+d.Path+" value is in the path already")
			return
		}
		params.Set(d.Param, c.Param(d.pathParam()))
		s.epcisQuery(c, params)
	}
}
