package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/cmd/traceindexd/auth"
	"github.com/tracechain/tracechain/cmd/traceindexd/capture"
)

// Capturer is the EPCIS capture interface (the capture package); nil when
// the operator has not deployed the write path.
type Capturer interface {
	Limits(ctx context.Context) (maxEvents, maxBytes int, err error)
	Submit(ctx context.Context, body []byte, behaviour, client string) (*capture.Job, error)
	// Job and Jobs show a client (a token's name) its own jobs only.
	Job(id, client string) (*capture.Job, bool, error)
	Jobs(after, client string, n int) ([]capture.Job, string, error)
}

func (s *Server) captureRoutes(r gin.IRoutes) {
	r.OPTIONS("/capture", s.captureOptions)
	r.POST("/capture", s.requireScope(auth.ScopeCapture), s.postCapture)
	r.GET("/capture", s.requireScope(auth.ScopeCapture), s.captureJobs)
	r.GET("/capture/:captureID", s.requireScope(auth.ScopeCapture), s.captureJob)
}

// requireScope lets a request on only with a bearer token holding scope.
func (s *Server) requireScope(scope string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.Tokens == nil {
			epcisFail(c, http.StatusUnauthorized, "SecurityException", "this indexer issues no tokens: "+scope+" is not open to clients")
			return
		}
		name, denied := s.Tokens.Check(c.GetHeader("Authorization"), scope)
		if denied != nil {
			if denied.Status == http.StatusUnauthorized {
				c.Header("WWW-Authenticate", `Bearer realm="traceindexd", scope="`+scope+`"`)
			}
			epcisFail(c, denied.Status, "SecurityException", denied.Reason)
			return
		}
		c.Set(tokenNameKey, name)
		c.Next()
	}
}

const tokenNameKey = "traceindexd.token"

// captureOff answers the capture routes of an indexer without a write path.
func (s *Server) captureOff(c *gin.Context) bool {
	if s.Capture != nil {
		return false
	}
	epcisFail(c, http.StatusNotFound, "NoSuchResourceException", "/capture: this indexer does not capture (its operator runs it without a capture key)")
	return true
}

// captureOptions: OPTIONS /capture — the capture interface's limits, which
// are the chain's: events per capture and bytes of the JSON-LD document.
func (s *Server) captureOptions(c *gin.Context) {
	if s.captureOff(c) {
		return
	}
	maxEvents, maxBytes, err := s.Capture.Limits(c.Request.Context())
	if err != nil {
		epcisFail(c, http.StatusBadGateway, "ImplementationException", err.Error())
		return
	}
	epcisHeaders(c)
	c.Header("Allow", "OPTIONS, GET, POST")
	c.Header("GS1-EPCIS-Capture-Limit", strconv.Itoa(maxEvents))
	c.Header("GS1-EPCIS-Capture-File-Size-Limit", strconv.Itoa(maxBytes))
	c.Header("GS1-Capture-Error-Behaviour", "rollback, proceed")
	c.Status(http.StatusNoContent)
}

// captureMedia are the document types /capture takes.
var captureMedia = map[string]bool{jsonLD: true, "application/json": true, mediaXML: true, "text/xml": true}

// postCapture: POST /capture — a document becomes a capture job (202 and
// its Location) once it is read and every event checked; a document that
// is not is refused whole (400 naming the event and field, 413, 415).
func (s *Server) postCapture(c *gin.Context) {
	if s.captureOff(c) {
		return
	}
	media, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || !captureMedia[media] {
		epcisFail(c, http.StatusUnsupportedMediaType, "UnsupportedMediaTypeException",
			"Content-Type: "+c.GetHeader("Content-Type")+" — send application/ld+json (or application/json) or application/xml")
		return
	}
	_, maxBytes, err := s.Capture.Limits(c.Request.Context())
	if err != nil {
		epcisFail(c, http.StatusBadGateway, "ImplementationException", err.Error())
		return
	}
	if c.Request.ContentLength > int64(maxBytes) {
		epcisFail(c, http.StatusRequestEntityTooLarge, "CaptureLimitExceededException",
			"the document is "+strconv.FormatInt(c.Request.ContentLength, 10)+" bytes; at most "+strconv.Itoa(maxBytes)+" (GS1-EPCIS-Capture-File-Size-Limit)")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, int64(maxBytes)))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		epcisFail(c, http.StatusRequestEntityTooLarge, "CaptureLimitExceededException", "the document is over "+strconv.Itoa(maxBytes)+" bytes (GS1-EPCIS-Capture-File-Size-Limit)")
		return
	}
	if err != nil {
		epcisFail(c, http.StatusBadRequest, "ValidationException", "reading the document: "+err.Error())
		return
	}
	job, err := s.Capture.Submit(c.Request.Context(), body, c.GetHeader("GS1-Capture-Error-Behaviour"), c.GetString(tokenNameKey))
	var invalid *capture.ErrInvalid
	var over *capture.ErrTooLarge
	var busy *capture.ErrBusy
	switch {
	case errors.As(err, &busy):
		c.Header("Retry-After", "5")
		epcisFail(c, http.StatusTooManyRequests, "CaptureLimitExceededException", err.Error())
		return
	case errors.As(err, &invalid):
		epcisFail(c, http.StatusBadRequest, "ValidationException", err.Error())
		return
	case errors.As(err, &over):
		epcisFail(c, http.StatusRequestEntityTooLarge, "CaptureLimitExceededException", err.Error())
		return
	case err != nil:
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	epcisHeaders(c)
	c.Header("Location", "/capture/"+job.CaptureID)
	c.JSON(http.StatusAccepted, job)
}

// captureJobs: GET /capture — jobs oldest first, perPage at a time.
func (s *Server) captureJobs(c *gin.Context) {
	if s.captureOff(c) {
		return
	}
	perPage, ok := perPageParam(c)
	if !ok {
		return
	}
	jobs, next, err := s.Capture.Jobs(c.Query("nextPageToken"), c.GetString(tokenNameKey), perPage)
	if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	if jobs == nil {
		jobs = []capture.Job{}
	}
	if next != "" {
		c.Header("Link", "</capture?perPage="+strconv.Itoa(perPage)+"&nextPageToken="+next+`>; rel="next"`)
		nextPageHeaders(c)
	}
	epcisHeaders(c)
	c.JSON(http.StatusOK, jobs)
}

// captureJob: GET /capture/{captureID}.
func (s *Server) captureJob(c *gin.Context) {
	if s.captureOff(c) {
		return
	}
	job, found, err := s.Capture.Job(c.Param("captureID"), c.GetString(tokenNameKey))
	if err != nil {
		epcisFail(c, http.StatusInternalServerError, "ImplementationException", err.Error())
		return
	}
	if !found {
		epcisFail(c, http.StatusNotFound, "NoSuchResourceException", "captureID: no capture job "+c.Param("captureID"))
		return
	}
	epcisHeaders(c)
	c.JSON(http.StatusOK, job)
}
