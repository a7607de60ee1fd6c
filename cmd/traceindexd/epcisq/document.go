package epcisq

import (
	"encoding/json"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/epcis"
)

// EPCISContext is the standard EPCIS 2.0 JSON-LD context.
const EPCISContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

// TraceChainNamespace is the prefix of the few members TraceChain adds to
// a query document (the height it reflects, the next page's token).
const TraceChainNamespace = "urn:tracechain:epcis:"

// EventLD is a recorded event as a JSON-LD object of its own: the
// @context of the document it was captured in travels with it, so that
// each event reads (and hashes back to its eventID) on its own.
func EventLD(rec store.EPCISRecord) (json.RawMessage, error) {
	ev, err := epcis.ParseJSON(rec.Event)
	if err != nil {
		return nil, err
	}
	if ev.Get("@context") == nil && len(rec.Context) > 0 {
		ctx, err := epcis.ParseJSON(rec.Context)
		if err != nil {
			return nil, err
		}
		ev.Keys = append([]string{"@context"}, ev.Keys...)
		ev.Values = append([]*epcis.Node{ctx}, ev.Values...)
	}
	return ev.MarshalJSON()
}

// QueryDocument is an EPCISQueryDocument of SimpleEventQuery results.
// creationDate is the time of the block the answer reflects.
func QueryDocument(page Page, height int64, creationDate string) ([]byte, error) {
	events := make([]json.RawMessage, 0, len(page.Events))
	for _, rec := range page.Events {
		ld, err := EventLD(rec)
		if err != nil {
			return nil, err
		}
		events = append(events, ld)
	}
	type resultsBody struct {
		EventList []json.RawMessage `json:"eventList"`
	}
	type queryResults struct {
		QueryName   string      `json:"queryName"`
		ResultsBody resultsBody `json:"resultsBody"`
	}
	type body struct {
		QueryResults queryResults `json:"queryResults"`
	}
	doc := struct {
		Context       []any  `json:"@context"`
		Type          string `json:"type"`
		SchemaVersion string `json:"schemaVersion"`
		CreationDate  string `json:"creationDate,omitempty"`
		EPCISBody     body   `json:"epcisBody"`
		Height        int64  `json:"tracechain:height"`
		NextPageToken string `json:"tracechain:nextPageToken,omitempty"`
	}{
		Context:       []any{EPCISContext, map[string]string{"tracechain": TraceChainNamespace}},
		Type:          "EPCISQueryDocument",
		SchemaVersion: "2.0",
		CreationDate:  creationDate,
		EPCISBody:     body{queryResults{QueryName: "SimpleEventQuery", ResultsBody: resultsBody{EventList: events}}},
		Height:        height,
		NextPageToken: page.Next,
	}
	return json.Marshal(doc)
}

// EventDocument is an EPCISDocument holding one event given as JSON-LD
// with its @context (as EventLD writes it): the context moves to the
// document.
func EventDocument(eventLD []byte) ([]byte, error) {
	ev, err := epcis.ParseJSON(eventLD)
	if err != nil {
		return nil, err
	}
	ctx := ev.Get("@context")
	ev.Delete("@context")
	doc := &epcis.Node{Kind: epcis.Object}
	if ctx != nil {
		doc.Set("@context", ctx)
	}
	doc.Set("type", epcis.StringNode("EPCISDocument"))
	doc.Set("schemaVersion", epcis.StringNode("2.0"))
	if rt := ev.Str("recordTime"); rt != "" {
		doc.Set("creationDate", epcis.StringNode(rt))
	}
	list := &epcis.Node{Kind: epcis.Array, Values: []*epcis.Node{ev}}
	doc.Set("epcisBody", &epcis.Node{Kind: epcis.Object, Keys: []string{"eventList"}, Values: []*epcis.Node{list}})
	return doc.MarshalJSON()
}
