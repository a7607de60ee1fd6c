package epcis

import (
	"fmt"
	"regexp"
	"strconv"
)

// EventTypes are the EPCIS 2.0 event types.
var EventTypes = map[string]bool{
	"ObjectEvent": true, "AggregationEvent": true, "TransactionEvent": true,
	"TransformationEvent": true, "AssociationEvent": true,
}

// Document is a parsed EPCIS 2.0 JSON-LD document.
type Document struct {
	Root    *Node
	Context Context
	// ContextNode is the document's @context, given back with its events.
	ContextNode *Node
	Events      []*Node
	// DuplicateKeys are the JSON paths of object keys the document gives
	// twice; the last value was kept, as JSON.parse keeps it.
	DuplicateKeys []string
}

// ReadDocument parses an EPCISDocument or EPCISQueryDocument and finds its
// events. Errors name the field. A duplicated key is not an error here
// (see DuplicateKeys): offline tools read such documents as GS1's do,
// while the chain refuses them as ambiguous.
func ReadDocument(data []byte) (*Document, error) {
	root, dups, err := ParseJSONLenient(data)
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	return documentOf(root, dups)
}

// documentOf finds a document's context and events in its JSON-LD tree.
func documentOf(root *Node, dups []string) (*Document, error) {
	if root.Kind != Object {
		return nil, fmt.Errorf("the document must be a JSON object")
	}
	switch t := root.Str("type"); t {
	case "EPCISDocument", "EPCISQueryDocument":
	default:
		return nil, fmt.Errorf("type: %q is not EPCISDocument or EPCISQueryDocument", t)
	}
	ctx, err := ReadContext(root.Get("@context"))
	if err != nil {
		return nil, err
	}
	body := root.Get("epcisBody")
	if body == nil || body.Kind != Object {
		return nil, fmt.Errorf("epcisBody: missing")
	}
	list := body.Get("eventList")
	if list == nil {
		list = body.Get("queryResults").Get("resultsBody").Get("eventList")
	}
	if list == nil || list.Kind != Array {
		return nil, fmt.Errorf("epcisBody.eventList: missing (or queryResults.resultsBody.eventList)")
	}
	for i, ev := range list.Values {
		if ev.Kind != Object {
			return nil, fmt.Errorf("event %d: not a JSON object", i)
		}
	}
	return &Document{Root: root, Context: ctx, ContextNode: root.Get("@context"), Events: list.Values, DuplicateKeys: dups}, nil
}

// eventPath matches the JSON path of a key inside an event.
var eventPath = regexp.MustCompile(`^\$\.epcisBody\.(?:queryResults\.resultsBody\.)?eventList\[(\d+)\]\.(.+)$`)

// DuplicateKeyError describes the first duplicated key, naming the event
// it is in, or nil if there is none.
func (d *Document) DuplicateKeyError() error {
	if len(d.DuplicateKeys) == 0 {
		return nil
	}
	path := d.DuplicateKeys[0]
	if m := eventPath.FindStringSubmatch(path); m != nil {
		i, _ := strconv.Atoi(m[1])
		return fmt.Errorf("event %d (%s): %s: the key appears twice; which value is meant cannot be known", i, d.Events[i].Str("type"), m[2])
	}
	return fmt.Errorf("%s: the key appears twice; which value is meant cannot be known", path)
}

// EventIDs computes each event's pre-hash and hash ID, in document order,
// as TraceChain does: bare agricultural business steps are expanded first.
func (d *Document) EventIDs() (ids, preHashes []string, err error) {
	for i, ev := range d.Events {
		ev = ev.Clone()
		ExpandAgriBizStep(ev)
		pre, err := PreHash(ev, d.Context)
		if err != nil {
			return nil, nil, fmt.Errorf("event %d (%s): %w", i, ev.Str("type"), err)
		}
		preHashes = append(preHashes, pre)
		ids = append(ids, HashID(pre))
	}
	return ids, preHashes, nil
}
