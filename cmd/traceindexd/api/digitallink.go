package api

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/gin-gonic/gin"

	"github.com/tracechain/tracechain/x/lib/gs1"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// The GS1 Digital Link resolver: what a person scanning a product's QR
// code, or a system following its link, is answered. A path such as
// /01/06902345543218/10/FL-A names a lot; the answer is, by Accept, the
// page (text/html), the GS1 linkset (application/linkset+json, RFC 9264)
// or the object's facts (application/json).

// digitalLinkPaths are the GS1 keys and key qualifiers resolved.
var digitalLinkPaths = []string{
	"/01/:gtin", "/01/:gtin/10/:lot", "/01/:gtin/21/:serial", "/00/:sscc", "/414/:gln", "/414/:gln/254/:ext",
}

func (s *Server) digitalLinkRoutes(r gin.IRoutes) {
	for _, p := range digitalLinkPaths {
		r.GET(p, s.resolve)
	}
}

// Media types of the resolver's answers.
const (
	mediaHTML    = "text/html"
	mediaLinkset = "application/linkset+json"
	mediaJSON    = "application/json"
)

// negotiateDL picks the answer an Accept header prefers (the page when it
// names none of them or is absent: what a phone's browser gets).
func negotiateDL(accept string) string {
	best, bestQ := mediaHTML, 0.0
	for _, part := range strings.Split(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		switch media {
		case mediaHTML, "application/xhtml+xml":
			media = mediaHTML
		case mediaLinkset, mediaJSON:
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = media, q
		}
	}
	return best
}

// resolved is what the chain holds about a Digital Link's key.
type resolved struct {
	ID       gs1.Identifier
	Product  *tracetypes.Product
	Object   *tracetypes.QueryObjectResponse
	Location *tracetypes.Location
	Producer *membershiptypes.Organization
	Events   []tracetypes.EventRecord
	Origins  []origin
	// Holder and LastSeen are the names of the custodian and of the last
	// known location (their identifiers when unnamed).
	Holder, LastSeen string
	Certificates     []certificate
	Height           int64
}

// resolve answers a Digital Link.
func (s *Server) resolve(c *gin.Context) {
	media := negotiateDL(c.GetHeader("Accept"))
	uri := "https://id.gs1.org" + c.Request.URL.EscapedPath()
	id, err := gs1.Parse(uri)
	if err != nil {
		s.dlFail(c, media, http.StatusBadRequest, "digital_link", "not a valid GS1 Digital Link: "+err.Error())
		return
	}
	height := heightOf(c)
	if height == 0 {
		s.dlFail(c, media, http.StatusServiceUnavailable, "not_ready", "nothing indexed yet")
		return
	}
	lang, t := wordsFor(c)
	res, status, err := s.lookup(c.Request.Context(), id, height, lang, t)
	if err != nil {
		s.dlFail(c, media, status, map[int]string{http.StatusNotFound: "not_found", http.StatusBadGateway: "node_unavailable"}[status], err.Error())
		return
	}
	c.Header("Link", `<`+c.Request.URL.EscapedPath()+`>; rel="linkset"; type="`+mediaLinkset+`"`)
	c.Header("Vary", "Accept, Accept-Language")
	switch media {
	case mediaLinkset:
		bz, err := json.Marshal(linkset(res))
		if err != nil {
			fail(c, http.StatusInternalServerError, "internal", err.Error())
			return
		}
		c.Data(http.StatusOK, mediaLinkset, bz)
	case mediaJSON:
		s.objectJSON(c, res)
	default:
		s.consumerPage(c, res)
	}
}

// errNotRecorded is a key the chain knows nothing of.
var errNotRecorded = errors.New("TraceChain has no record of this product")

// lookup asks the chain, at the indexed height, for what it holds of id.
func (s *Server) lookup(ctx context.Context, id gs1.Identifier, height int64, lang string, t words) (*resolved, int, error) {
	res := &resolved{ID: id, Height: height}
	ask := func(method string, req, resp proto.Message) (bool, error) {
		err := s.State.QueryAt(ctx, method, req, resp, height)
		var refused nodeRefusal
		if errors.As(err, &refused) && (refused.NotFound() || refused.Invalid()) {
			return false, nil
		}
		return err == nil, err
	}
	var gtin string
	switch id.Kind {
	case gs1.KindGTIN, gs1.KindLGTIN, gs1.KindSGTIN:
		gtin = id.Key
	}
	if gtin != "" {
		var p tracetypes.QueryProductResponse
		found, err := ask("/tracechain.trace.v1.Query/Product", &tracetypes.QueryProductRequest{Gtin: gtin}, &p)
		if err != nil {
			return nil, http.StatusBadGateway, err
		}
		if found {
			res.Product = &p.Product
		}
	}
	switch id.Kind {
	case gs1.KindLGTIN, gs1.KindSGTIN, gs1.KindSSCC:
		var o tracetypes.QueryObjectResponse
		found, err := ask("/tracechain.trace.v1.Query/Object", &tracetypes.QueryObjectRequest{Id: id.URI}, &o)
		if err != nil {
			return nil, http.StatusBadGateway, err
		}
		if found {
			res.Object = &o
			var ev tracetypes.QueryObjectEventsResponse
			if _, err := ask("/tracechain.trace.v1.Query/ObjectEvents", &tracetypes.QueryObjectEventsRequest{Id: id.URI}, &ev); err != nil {
				return nil, http.StatusBadGateway, err
			}
			res.Events = ev.Events
			if res.Origins, err = s.origins(res, lang, ask); err != nil {
				return nil, http.StatusBadGateway, err
			}
			if res.Certificates, err = s.certificates(res, ask, s.blockTimeOf(height), t); err != nil {
				return nil, http.StatusBadGateway, err
			}
			res.LastSeen = s.placeName(ask, o.Object.Location)
			res.Holder = o.Object.CustodianOrgId
			var holder membershiptypes.QueryOrganizationResponse
			if found, err := ask("/tracechain.membership.v1.Query/Organization", &membershiptypes.QueryOrganizationRequest{OrgId: o.Object.CustodianOrgId}, &holder); err == nil && found && holder.Organization.Name != "" {
				res.Holder = holder.Organization.Name
			}
		}
	case gs1.KindSGLN:
		var l tracetypes.QueryLocationResponse
		found, err := ask("/tracechain.trace.v1.Query/Location", &tracetypes.QueryLocationRequest{Id: id.URI}, &l)
		if err != nil {
			return nil, http.StatusBadGateway, err
		}
		if found {
			res.Location = &l.Location
		}
	}
	if res.Product == nil && res.Object == nil && res.Location == nil {
		return nil, http.StatusNotFound, errNotRecorded
	}
	if org := res.producerID(); org != "" {
		var o membershiptypes.QueryOrganizationResponse
		if _, err := ask("/tracechain.membership.v1.Query/Organization", &membershiptypes.QueryOrganizationRequest{OrgId: org}, &o); err != nil {
			return nil, http.StatusBadGateway, err
		}
		if o.Organization.Id != "" {
			res.Producer = &o.Organization
		}
	}
	return res, http.StatusOK, nil
}

// producerID is the organization behind the product (or the place).
func (r *resolved) producerID() string {
	switch {
	case r.Product != nil:
		return r.Product.OwnerOrgId
	case r.Location != nil:
		return r.Location.OrgId
	case r.Object != nil:
		return r.Object.Object.OwnerOrgId
	}
	return ""
}

// link is one target of a linkset (RFC 9264 §4.2.2).
type link struct {
	Href     string   `json:"href"`
	Type     string   `json:"type,omitempty"`
	Title    string   `json:"title,omitempty"`
	HrefLang []string `json:"hreflang,omitempty"`
}

// GS1 Web Vocabulary link types.
const gs1voc = "https://gs1.org/voc/"

// linkset is the GS1 linkset of a resolved key: one context object
// anchored at the canonical Digital Link, its link types as GS1 Web
// Vocabulary URIs, the targets on this server (relative references).
func linkset(r *resolved) map[string]any {
	self := strings.TrimPrefix(r.ID.URI, "https://id.gs1.org")
	esc := url.PathEscape(r.ID.URI)
	ctx := map[string]any{"anchor": r.ID.URI}
	add := func(rel string, l link) {
		list, _ := ctx[gs1voc+rel].([]link)
		ctx[gs1voc+rel] = append(list, l)
	}
	page := link{Href: self, Type: mediaHTML, Title: "Product page", HrefLang: []string{"en", "zh"}}
	add("defaultLink", page)
	add("pip", page)
	add("traceability", link{Href: "/epcs/" + esc + "/events", Type: "application/ld+json", Title: "EPCIS events"})
	if r.Object != nil {
		add("traceability", link{Href: "/v1/trace/" + esc + "?direction=up", Type: mediaJSON, Title: "Where it came from (genealogy)"})
		add("productSustainabilityInfo", link{Href: "/v1/trace/" + esc + "?direction=up", Type: mediaJSON, Title: "Origin: the farms and lots it was made from"})
		recall := link{Href: "/v1/objects/" + esc, Type: mediaJSON, Title: "Not recalled"}
		if id := r.Object.Object.RecallId; id != 0 {
			recall = link{Href: "/v1/recalls/" + strconv.FormatUint(id, 10), Type: mediaJSON, Title: "RECALLED: recall " + strconv.FormatUint(id, 10)}
		}
		add("recallStatus", recall)
	}
	add("certificationInfo", link{Href: "/v1/certifications?subject=" + url.QueryEscape(r.ID.URI), Type: mediaJSON, Title: "Certifications"})
	return map[string]any{"linkset": []any{ctx}}
}

// objectJSON is the resolved key's facts, as the chain holds them.
func (s *Server) objectJSON(c *gin.Context, r *resolved) {
	out := map[string]any{"height": r.Height, "id": map[string]string{
		"uri": r.ID.URI, "kind": string(r.ID.Kind), "key": r.ID.Key, "lot": r.ID.Lot, "serial": r.ID.Serial,
	}}
	// Only what the chain holds: a field is absent, not null, otherwise.
	parts := map[string]proto.Message{}
	if r.Product != nil {
		parts["product"] = r.Product
	}
	if r.Location != nil {
		parts["location"] = r.Location
	}
	if r.Producer != nil {
		parts["producer"] = r.Producer
	}
	if r.Object != nil {
		parts["object"] = r.Object
	}
	for name, msg := range parts {
		bz, err := s.State.ProtoJSON(msg)
		if err != nil {
			fail(c, http.StatusInternalServerError, "internal", err.Error())
			return
		}
		out[name] = json.RawMessage(bz)
	}
	c.JSON(http.StatusOK, out)
}

// dlFail answers a resolver error in the medium asked for: a page a
// person understands, or {code, message}.
func (s *Server) dlFail(c *gin.Context, media string, status int, code, message string) {
	if media == mediaHTML {
		s.errorPage(c, status, message)
		return
	}
	fail(c, status, code, message)
}

// blockTimeOf is an indexed block's time (zero if unknown): the "now" a
// page's validity judgements are made at, so that the page says what the
// chain said at that height.
func (s *Server) blockTimeOf(h int64) time.Time {
	if s.Store == nil {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s.blockTime(h))
	return t
}
