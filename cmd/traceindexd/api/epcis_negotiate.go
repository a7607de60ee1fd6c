package api

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

// The media types of the EPCIS REST binding beyond JSON-LD: XML, and the
// problem details (RFC 7807) of errors.
const (
	mediaXML     = "application/xml"
	mediaProblem = "application/problem+json"
)

// epcisHeaders are the GS1 headers of every EPCIS answer: the versions
// this server speaks (EPCIS 2.0.0, CBV 2.0.0), no extensions.
func epcisHeaders(c *gin.Context) {
	c.Header("GS1-EPCIS-Version", "2.0.0")
	c.Header("GS1-EPCIS-Min", "2.0.0")
	c.Header("GS1-EPCIS-Max", "2.0.0")
	c.Header("GS1-CBV-Version", "2.0.0")
	c.Header("GS1-CBV-Min", "2.0.0")
	c.Header("GS1-CBV-Max", "2.0.0")
	c.Header("GS1-Extensions", "")
}

// negotiate picks the binding an Accept header asks for: JSON-LD
// (application/ld+json, application/json, */*), XML (application/xml,
// text/xml), or "" when it accepts neither (a 406); of two, the one of
// higher quality, JSON-LD on a tie.
func negotiate(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return jsonLD
	}
	best, bestQ := "", 0.0
	for _, part := range strings.Split(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil || q < 0 || q > 1 {
				continue
			}
		}
		binding := ""
		switch media {
		case jsonLD, "application/json", "*/*", "application/*":
			binding = jsonLD
		case mediaXML, "text/xml":
			binding = mediaXML
		}
		if binding != "" && q > bestQ {
			best, bestQ = binding, q
		}
	}
	return best
}

// acceptable checks the Accept header before any work and returns the
// binding to answer in; a 406 names what the server can send.
func acceptable(c *gin.Context) (string, bool) {
	binding := negotiate(c.GetHeader("Accept"))
	if binding == "" {
		epcisFail(c, http.StatusNotAcceptable, "NotAcceptableException",
			"Accept: "+c.GetHeader("Accept")+" — this server sends application/ld+json (or application/json) and application/xml")
		return "", false
	}
	return binding, true
}

// sendEPCIS writes an EPCIS document (JSON-LD) in the negotiated binding.
func sendEPCIS(c *gin.Context, binding string, doc []byte) {
	epcisHeaders(c)
	if binding != mediaXML {
		c.Data(http.StatusOK, jsonLD, doc)
		return
	}
	parsed, err := epcis.ReadDocument(doc)
	if err == nil {
		var x []byte
		if x, err = epcis.WriteXML(parsed); err == nil {
			c.Data(http.StatusOK, mediaXML, x)
			return
		}
	}
	epcisFail(c, http.StatusInternalServerError, "ImplementationException", "writing XML: "+err.Error())
}

// tokenLife is how long a nextPageToken is promised to work. A token names
// a place in the chain's order (or the last name listed), so it works as
// long as the index does; the header makes the promise GS1's binding asks
// for, without tying clients to this server's generosity.
const tokenLife = 24 * time.Hour

// nextPageHeaders go with every answer that names a next page.
func nextPageHeaders(c *gin.Context) {
	c.Header("GS1-Next-Page-Token-Expires", time.Now().Add(tokenLife).UTC().Format(time.RFC3339))
}
