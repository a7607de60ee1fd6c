package api

import (
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// mediaProblem is the media type of EPCIS errors (RFC 7807 problem details).
const mediaProblem = "application/problem+json"

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

// negotiate picks the media type an Accept header asks for: JSON-LD
// (application/ld+json, application/json, */*), or "" when it accepts
// none of them (a 406). XML answers are not served yet: an XML client
// asking only for XML is told so rather than sent JSON it did not ask for.
func negotiate(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return jsonLD
	}
	for _, part := range strings.Split(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || params["q"] == "0" {
			continue
		}
		switch media {
		case jsonLD, "application/json", "*/*", "application/*":
			return jsonLD
		}
	}
	return ""
}

// acceptable checks the Accept header before any work: a 406 names what
// the server can send.
func acceptable(c *gin.Context) bool {
	if negotiate(c.GetHeader("Accept")) == "" {
		epcisFail(c, http.StatusNotAcceptable, "NotAcceptableException",
			"Accept: "+c.GetHeader("Accept")+" — this server sends application/ld+json (or application/json); XML answers are not served yet (tracechaind epcis convert turns an answer into XML)")
		return false
	}
	return true
}
