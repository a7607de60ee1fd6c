package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/cmd/traceindexd/epcisq"
)

// EPCIS errors follow the EPCIS 2.0 REST binding (an epcisException type
// and title) and this server's {code, message}.
type epcisError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Type    string `json:"type"`
	Title   string `json:"title"`
	Status  int    `json:"status"`
}

// epcisFail answers an EPCIS error as RFC 7807 problem details
// (application/problem+json), as GS1's OpenAPI has them.
func epcisFail(c *gin.Context, status int, exception, message string) {
	message = clientMessage(c, status, exception, message)
	epcisHeaders(c)
	bz, err := json.Marshal(epcisError{
		Code: exception, Message: message, Type: "epcisException:" + exception, Title: message, Status: status,
	})
	if err != nil {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Abort()
	c.Data(status, mediaProblem, bz)
}

const jsonLD = "application/ld+json"

// epcisEvents: /events?<SimpleEventQuery parameters> (and /epcis/events)
func (s *Server) epcisEvents(c *gin.Context) {
	s.epcisQuery(c, c.Request.URL.Query())
}

// epcEvents: /epcis/epcs/{epc}/events — every event naming the EPC in any
// of its EPC fields (MATCH_anyEPC), or, for a class such as a lot
// (urn:epc:class:lgtin:…, or a Digital Link with a lot), in any quantity
// list (MATCH_anyEPCClass); the other parameters as on /epcis/events.
func (s *Server) epcEvents(c *gin.Context) {
	params := c.Request.URL.Query()
	if _, err := epcisq.Identifier("epc", c.Param("epc")); err != nil {
		epcisFail(c, http.StatusBadRequest, "QueryParameterException", err.Error())
		return
	}
	match := "MATCH_anyEPC"
	if epcisq.IsClass(c.Param("epc")) {
		match = "MATCH_anyEPCClass"
	}
	if params.Has(match) {
		epcisFail(c, http.StatusBadRequest, "QueryParameterException", match+": the EPC is in the path already")
		return
	}
	params.Set(match, c.Param("epc"))
	s.epcisQuery(c, params)
}

func (s *Server) epcisQuery(c *gin.Context, params url.Values) {
	binding, ok := acceptable(c)
	if !ok {
		return
	}
	height := heightOf(c)
	q, err := epcisq.Parse(params)
	var perr *epcisq.ParamError
	if errors.As(err, &perr) {
		epcisFail(c, http.StatusBadRequest, "QueryParameterException", err.Error())
		return
	} else if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	page, err := epcisq.Run(s.Store, q, s.scanBudget())
	if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	doc, err := epcisq.QueryDocument(page, height, s.blockTime(height))
	if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	if page.Next != "" {
		next := *c.Request.URL
		query := next.Query()
		query.Set("nextPageToken", page.Next)
		next.RawQuery = query.Encode()
		c.Header("Link", "<"+next.RequestURI()+`>; rel="next"`)
		nextPageHeaders(c)
	}
	sendEPCIS(c, binding, doc)
}

// epcisEvent: /events/{eventID} (and /epcis/events/{eventID}): the event
// as JSON-LD with its @context, or in XML an EPCISDocument holding it.
func (s *Server) epcisEvent(c *gin.Context) {
	binding, ok := acceptable(c)
	if !ok {
		return
	}
	id := c.Param("eventID")
	_, rec, found, err := s.Store.EPCISByID(id)
	if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	if !found {
		epcisFail(c, http.StatusNotFound, "NoSuchResourceException", "eventID: no event "+id+" is indexed")
		return
	}
	ld, err := epcisq.EventLD(rec)
	if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	if binding == mediaXML {
		if ld, err = epcisq.EventDocument(ld); err != nil {
			epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
			return
		}
	}
	if binding == mediaXML {
		sendEPCIS(c, binding, ld)
		return
	}
	epcisHeaders(c)
	c.Data(http.StatusOK, jsonLD, ld)
}

func (s *Server) scanBudget() int {
	if s.ScanBudget > 0 {
		return s.ScanBudget
	}
	return epcisq.ScanBudget
}

// blockTime is the time of an indexed block ("" if none).
func (s *Server) blockTime(h int64) string {
	b, found, err := s.Store.Block(h)
	if err != nil || !found {
		return ""
	}
	return b.Time
}
