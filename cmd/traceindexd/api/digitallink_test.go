package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/gs1"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// cannedState answers chain queries from fixed responses by method and
// request; anything else is not found.
type cannedState struct {
	answers map[string]proto.Message // method + " " + request JSON
}

type notFound struct{}

func (notFound) Error() string  { return "not found" }
func (notFound) NotFound() bool { return true }
func (notFound) Invalid() bool  { return false }

func key(method string, req proto.Message) string {
	bz, _ := json.Marshal(req)
	return method + " " + string(bz)
}

func (s cannedState) QueryAt(_ context.Context, method string, req, resp proto.Message, _ int64) error {
	a, ok := s.answers[key(method, req)]
	if !ok {
		return notFound{}
	}
	bz, err := proto.Marshal(a)
	if err != nil {
		return err
	}
	return proto.Unmarshal(bz, resp)
}

func (cannedState) ProtoJSON(m proto.Message) ([]byte, error) { return json.Marshal(m) }

// flour is a lot of flour with a journey, as the demo records one.
func flourState(t *testing.T, recalled bool) (cannedState, string) {
	d, err := gs1.CheckDigit("690234554321")
	require.NoError(t, err)
	gtin := "0690234554321" + string(d)
	lot := "https://id.gs1.org/01/" + gtin + "/10/FL-A"
	object := tracetypes.TraceObject{Id: lot, Gtin: gtin, OwnerOrgId: "MILL", CustodianOrgId: "RETAILER", Quantity: "500", Uom: "KGM", Status: tracetypes.OBJECT_STATUS_ACTIVE}
	if recalled {
		object.RecallId = 1
	}
	s := cannedState{answers: map[string]proto.Message{
		key("/tracechain.trace.v1.Query/Product", &tracetypes.QueryProductRequest{Gtin: gtin}): &tracetypes.QueryProductResponse{Product: tracetypes.Product{
			Gtin: gtin, Name: "Stone-milled wheat flour", Category: "flour", OwnerOrgId: "MILL", MinTemperatureCelsius: "5", MaxTemperatureCelsius: "25",
		}},
		key("/tracechain.trace.v1.Query/Object", &tracetypes.QueryObjectRequest{Id: lot}): &tracetypes.QueryObjectResponse{Object: object},
		key("/tracechain.trace.v1.Query/ObjectEvents", &tracetypes.QueryObjectEventsRequest{Id: lot}): &tracetypes.QueryObjectEventsResponse{Events: []tracetypes.EventRecord{
			{EventId: "ni:///sha-256;aa?ver=CBV2.0", Type: "TransformationEvent", BizStep: "https://ref.gs1.org/cbv/BizStep-commissioning", EventTime: "2026-03-01T08:00:00.000Z", Height: 12},
			{EventId: "ni:///sha-256;bb?ver=CBV2.0", Type: "ObjectEvent", BizStep: "https://ref.gs1.org/cbv/BizStep-shipping", EventTime: "2026-03-02T09:30:00.000Z", Height: 15},
		}},
		key("/tracechain.membership.v1.Query/Organization", &membershiptypes.QueryOrganizationRequest{OrgId: "MILL"}): &membershiptypes.QueryOrganizationResponse{
			Organization: membershiptypes.Organization{Id: "MILL", Name: "Fuzhou Golden Mill"},
		},
	}}
	return s, "/01/" + gtin + "/10/FL-A"
}

func resolveAs(h http.Handler, path, accept, lang string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestTheDigitalLinkOfALotAnswersAPersonAndAMachine(t *testing.T) {
	state, path := flourState(t, false)
	h := mustHandler(&Server{Progress: fixedProgress{40}, State: state})

	// A phone scanning the QR code.
	w := resolveAs(h, path, "text/html,application/xhtml+xml,*/*;q=0.8", "en-GB,en;q=0.9")
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	require.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
	require.Equal(t, "en", w.Header().Get("Content-Language"))
	page := w.Body.String()
	for _, want := range []string{"Stone-milled wheat flour", "Fuzhou Golden Mill", "FL-A", "Made", "Shipped", "5 – 25 °C", "in circulation", `href="/events/ni:%2F%2F%2Fsha-256%3Bbb%3Fver=CBV2.0"`} {
		require.Contains(t, page, want)
	}
	require.NotContains(t, page, "recalled")
	require.NotContains(t, page, "<script", "readable without JavaScript")
	require.Less(t, len(page), 300<<10)
	require.Contains(t, w.Header().Get("Link"), `rel="linkset"`)

	w = resolveAs(h, path, "", "zh-CN,zh;q=0.9,en;q=0.5")
	require.Equal(t, "zh", w.Header().Get("Content-Language"))
	require.Contains(t, w.Body.String(), "流通过程")
	require.Contains(t, w.Body.String(), "发货")

	// A system following the link: the GS1 linkset (RFC 9264).
	w = resolveAs(h, path, "application/linkset+json", "")
	require.Equal(t, http.StatusOK, w.Code)
	require.Equal(t, "application/linkset+json", w.Header().Get("Content-Type"))
	var ls struct {
		Linkset []map[string]json.RawMessage `json:"linkset"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &ls))
	require.Len(t, ls.Linkset, 1)
	var anchor string
	require.NoError(t, json.Unmarshal(ls.Linkset[0]["anchor"], &anchor))
	u, err := url.Parse(anchor)
	require.NoError(t, err)
	require.True(t, u.IsAbs())
	require.Equal(t, "https://id.gs1.org"+path, anchor)
	for _, rel := range []string{"defaultLink", "pip", "traceability", "recallStatus", "certificationInfo", "productSustainabilityInfo"} {
		raw, ok := ls.Linkset[0][gs1voc+rel]
		require.True(t, ok, rel)
		var targets []map[string]any
		require.NoError(t, json.Unmarshal(raw, &targets), rel)
		require.NotEmpty(t, targets, rel)
		for _, target := range targets {
			href, _ := target["href"].(string)
			require.NotEmpty(t, href, rel)
			_, err := url.Parse(href)
			require.NoError(t, err, rel)
		}
	}
	for k := range ls.Linkset[0] {
		if k != "anchor" {
			_, err := url.ParseRequestURI(k)
			require.NoError(t, err, "relation types are URIs: %s", k)
		}
	}

	// The facts, as JSON.
	w = resolveAs(h, path, "application/json", "")
	require.Equal(t, http.StatusOK, w.Code)
	var facts struct {
		Height int64
		ID     struct{ URI, Kind, Lot string }
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &facts))
	require.Equal(t, "lgtin", facts.ID.Kind)
	require.Equal(t, "FL-A", facts.ID.Lot)
	require.EqualValues(t, 40, facts.Height)
}

func TestARecalledLotCannotBeMissed(t *testing.T) {
	state, path := flourState(t, true)
	h := mustHandler(&Server{Progress: fixedProgress{40}, State: state})
	w := resolveAs(h, path, "", "")
	require.Equal(t, http.StatusOK, w.Code)
	page := w.Body.String()
	require.Contains(t, page, `role="alert"`)
	require.Contains(t, page, "This product has been recalled")
	require.Contains(t, page, "Do not eat or use it")
	require.Contains(t, page, `href="/v1/recalls/1"`)
	require.Less(t, strings.Index(page, `role="alert"`), strings.Index(page, "<h1>"), "the banner comes first")
	w = resolveAs(h, path, "application/linkset+json", "")
	require.Contains(t, w.Body.String(), "RECALLED")
}

func TestUnknownAndMalformedDigitalLinks(t *testing.T) {
	state, _ := flourState(t, false)
	h := mustHandler(&Server{Progress: fixedProgress{40}, State: state})
	d, err := gs1.CheckDigit("400638133393")
	require.NoError(t, err)
	unknown := "/01/0400638133393" + string(d)

	w := resolveAs(h, unknown, "", "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Contains(t, w.Body.String(), "We have no record of this product")
	require.Equal(t, "text/html; charset=utf-8", w.Header().Get("Content-Type"))
	w = resolveAs(h, unknown, "", "zh")
	require.Contains(t, w.Body.String(), "没有这个产品的记录")
	w = resolveAs(h, unknown, "application/json", "")
	require.Equal(t, http.StatusNotFound, w.Code)
	require.Contains(t, w.Body.String(), `"not_found"`)

	wrong := byte('0')
	if d == '0' {
		wrong = '1'
	}
	for _, path := range []string{"/01/0400638133393" + string(wrong), "/01/abc", "/00/12345", "/01/0400638133393" + string(d) + "/10/" + strings.Repeat("L", 21)} {
		w := resolveAs(h, path, "", "")
		require.Equal(t, http.StatusBadRequest, w.Code, path)
		require.Contains(t, w.Body.String(), "This is not a valid product code", path)
		w = resolveAs(h, path, "application/json", "")
		require.Equal(t, http.StatusBadRequest, w.Code, path)
		require.Contains(t, w.Body.String(), `"digital_link"`, path)
	}
}

// The page names where the flour came from: the farm and field of the
// harvest that commissioned the wheat it was milled from.
func TestThePageNamesTheFarm(t *testing.T) {
	state, path := flourState(t, false)
	lot := "https://id.gs1.org" + path
	d, err := gs1.CheckDigit("690123412345")
	require.NoError(t, err)
	wheat := "https://id.gs1.org/01/0690123412345" + string(d) + "/10/WH-1"
	farm, field := "https://id.gs1.org/414/6901234000015", "https://id.gs1.org/414/6901234000015/254/F7"
	obj := state.answers[key("/tracechain.trace.v1.Query/Object", &tracetypes.QueryObjectRequest{Id: lot})].(*tracetypes.QueryObjectResponse)
	obj.Object.DerivedFrom = []string{wheat}
	harvest := `{"type":"ObjectEvent","eventTime":"2026-02-20T06:00:00.000Z","eventTimeZoneOffset":"+08:00","action":"ADD","bizStep":"https://example.org/agri/harvesting",` +
		`"bizLocation":{"id":"` + farm + `"},"readPoint":{"id":"` + field + `"},"quantityList":[{"epcClass":"` + wheat + `","quantity":2000,"uom":"KGM"}]}`
	state.answers[key("/tracechain.trace.v1.Query/Genealogy", &tracetypes.QueryGenealogyRequest{Id: lot, Direction: tracetypes.GENEALOGY_DIRECTION_UP})] = &tracetypes.QueryGenealogyResponse{
		Nodes: []tracetypes.GenealogyNode{{Object: obj.Object}, {Object: tracetypes.TraceObject{Id: wheat, CommissionEventId: "ni:///sha-256;cc?ver=CBV2.0"}, Depth: -1}},
	}
	state.answers[key("/tracechain.trace.v1.Query/Event", &tracetypes.QueryEventRequest{EventId: "ni:///sha-256;cc?ver=CBV2.0"})] = &tracetypes.QueryEventResponse{Event: tracetypes.EventRecord{
		EventId: "ni:///sha-256;cc?ver=CBV2.0", Type: "ObjectEvent", BizStep: "harvesting", EventTime: "2026-02-20T06:00:00.000Z", Height: 7, Json: []byte(harvest),
	}}
	state.answers[key("/tracechain.trace.v1.Query/Location", &tracetypes.QueryLocationRequest{Id: farm})] = &tracetypes.QueryLocationResponse{Location: tracetypes.Location{Id: farm, Name: "Minhou Wheat Farm"}}
	state.answers[key("/tracechain.trace.v1.Query/Location", &tracetypes.QueryLocationRequest{Id: field})] = &tracetypes.QueryLocationResponse{Location: tracetypes.Location{Id: field, Name: "Field 7"}}
	h := mustHandler(&Server{Progress: fixedProgress{40}, State: state})

	page := resolveAs(h, path, "", "").Body.String()
	for _, want := range []string{"Where it came from", "Harvested", "2026-02-20", "Minhou Wheat Farm", "field: Field 7", wheat} {
		require.Contains(t, page, want)
	}
	page = resolveAs(h, path, "", "zh").Body.String()
	require.Contains(t, page, "产地来源")
	require.Contains(t, page, "采收")
}

// Certifications of the lot and of the lot it came from, each valid,
// expired or revoked as of the block the page reflects.
func TestThePageListsCertificationsWithTheirState(t *testing.T) {
	state, path := flourState(t, false)
	lot := "https://id.gs1.org" + path
	st, err := store.Open(filepath.Join(t.TempDir(), "index"))
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.WriteBlock(store.BlockData{Block: store.Block{Height: 40, Time: "2026-06-01T00:00:00Z"}}))
	state.answers[key("/tracechain.trace.v1.Query/Certifications", &tracetypes.QueryCertificationsRequest{Subject: lot})] = &tracetypes.QueryCertificationsResponse{
		Certifications: []tracetypes.Certification{
			{Id: 2, CertifierOrgId: "LAB", Subject: lot, Kind: tracetypes.CERTIFICATION_KIND_INSPECTION_PASS, ValidUntil: "2026-03-01T00:00:00Z"},
			{Id: 3, CertifierOrgId: "LAB", Subject: lot, Kind: tracetypes.CERTIFICATION_KIND_LAB_REPORT, ValidUntil: "2027-01-01T00:00:00Z", Revoked: true, RevocationReason: "sample mixed up"},
			{Id: 4, CertifierOrgId: "LAB", Subject: lot, Kind: tracetypes.CERTIFICATION_KIND_ORGANIC, ValidUntil: "2027-01-01T00:00:00Z"},
		},
	}
	h := mustHandler(&Server{Progress: fixedProgress{40}, State: state, Store: st})
	page := resolveAs(h, path, "", "").Body.String()
	require.Equal(t, 3, strings.Count(page, `class="cert"`))
	for _, want := range []string{"Certifications", "Inspection passed", `<span class="warn">expired</span>`, "Lab report", `<span class="warn">revoked</span> (sample mixed up)`, "Organic", `<span class="ok">valid</span>`, "valid until 2027-01-01"} {
		require.Contains(t, page, want)
	}
	page = resolveAs(h, path, "", "zh").Body.String()
	require.Contains(t, page, "已过期")
	require.Contains(t, page, "已撤销")
}
