package api

import (
	"net/url"
	"time"

	"github.com/cosmos/gogoproto/proto"

	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/lib/gs1"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// origin is where a lot the product was made from came into being: the
// event that commissioned it (a harvest, for produce), where and when.
type origin struct {
	Object, Step, Time, Place, Field, EscapedEventID string
	Height                                           int64
}

// maxOrigins bounds the source lots a page names.
const maxOrigins = 3

// origins walks the genealogy up from the object to the lots nothing was
// made from (the object itself when it is one) and reads the event that
// commissioned each.
func (s *Server) origins(r *resolved, lang string, ask func(string, proto.Message, proto.Message) (bool, error)) ([]origin, error) {
	var g tracetypes.QueryGenealogyResponse
	if _, err := ask("/tracechain.trace.v1.Query/Genealogy", &tracetypes.QueryGenealogyRequest{Id: r.ID.URI, Direction: tracetypes.GENEALOGY_DIRECTION_UP}, &g); err != nil {
		return nil, err
	}
	var roots []tracetypes.TraceObject
	for _, n := range g.Nodes {
		if n.Depth < 0 && len(n.Object.DerivedFrom) == 0 && n.Object.CommissionEventId != "" {
			roots = append(roots, n.Object)
		}
	}
	if len(roots) == 0 && len(r.Object.Object.DerivedFrom) == 0 {
		roots = append(roots, r.Object.Object)
	}
	if len(roots) > maxOrigins {
		roots = roots[:maxOrigins]
	}
	var out []origin
	for _, o := range roots {
		var ev tracetypes.QueryEventResponse
		found, err := ask("/tracechain.trace.v1.Query/Event", &tracetypes.QueryEventRequest{EventId: o.CommissionEventId}, &ev)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		node, err := epcis.ParseJSON(ev.Event.Json)
		if err != nil {
			continue
		}
		or := origin{
			Object: o.Id, Step: stepName(lang, ev.Event.BizStep, ev.Event.Type), Time: ev.Event.EventTime,
			EscapedEventID: url.PathEscape(ev.Event.EventId), Height: ev.Event.Height,
		}
		if t, err := time.Parse(time.RFC3339Nano, ev.Event.EventTime); err == nil {
			or.Time = t.UTC().Format("2006-01-02")
		}
		or.Place = s.placeName(ask, node.Get("bizLocation").Str("id"))
		if rp := node.Get("readPoint").Str("id"); rp != "" && rp != node.Get("bizLocation").Str("id") {
			or.Field = s.placeName(ask, rp)
		}
		out = append(out, or)
	}
	return out, nil
}

// placeName is a location's registered name, or its identifier.
func (s *Server) placeName(ask func(string, proto.Message, proto.Message) (bool, error), id string) string {
	if id == "" {
		return ""
	}
	canonical := id
	if c, ok := gs1.Canonical(id); ok {
		canonical = c
	}
	var l tracetypes.QueryLocationResponse
	if found, err := ask("/tracechain.trace.v1.Query/Location", &tracetypes.QueryLocationRequest{Id: canonical}, &l); err == nil && found && l.Location.Name != "" {
		return l.Location.Name
	}
	return id
}
