package keeper_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	errorsmod "cosmossdk.io/errors"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/epcisschema"
	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

var epcisTestdata = filepath.Join("..", "..", "..", "..", "shared", "testdata", "epcis")

// namesEvent is how a refusal names the event it stopped at.
var namesEvent = regexp.MustCompile(`^event \d+ \((ObjectEvent|AggregationEvent|TransformationEvent|TransactionEvent|AssociationEvent)\): `)

// Every GS1 example document is captured into a fresh chain, after the
// organization holding its company prefixes is registered. Each is either
// recorded whole, and then every recorded event validates against the
// EPCIS JSON Schema and hashes back to its eventID, or refused with a
// registered trace error naming the event and the rule.
func TestCaptureGS1Examples(t *testing.T) {
	schema := compileEPCISSchema(t)
	files, err := filepath.Glob(filepath.Join(epcisTestdata, "examples", "*.jsonld"))
	require.NoError(t, err)
	require.NotEmpty(t, files)

	recordedDocs, recordedEvents := 0, 0
	refusals := map[string]int{}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			require.NoError(t, err)
			f := keepertest.NewTrace(t)
			doc, parseErr := epcis.ReadDocument(raw)
			require.NoError(t, parseErr, "every example parses")
			if parseErr == nil {
				for _, p := range documentPrefixes(doc) {
					f.AssignPrefix(t, keepertest.FarmOrg, p)
				}
			}
			ids, err := f.Capture(f.Farm.Signer(), raw)
			if err != nil && errors.Is(err, types.ErrEventNotFound) && parseErr == nil {
				// The document declares events erroneous that it does not
				// contain: record them first, then the declarations.
				ids, err = captureOriginalsThenDeclarations(f, doc)
			}
			outcome := ""
			if err != nil {
				requireRuleError(t, err, parseErr == nil)
				outcome = ruleOf(err)
				refusals[outcome]++
			}
			require.Contains(t, expectedExampleOutcomes, name, "a new example: add its outcome")
			require.Equal(t, expectedExampleOutcomes[name], outcome, "%v", err)
			if err != nil {
				return
			}
			require.NoError(t, parseErr)
			require.Len(t, ids, len(doc.Events))
			recordedDocs++
			for _, id := range ids {
				rec, err := f.Query.Event(f.Ctx, &types.QueryEventRequest{EventId: id})
				require.NoError(t, err)
				requireValidAndRehashes(t, schema, rec.Event)
				recordedEvents++
			}
		})
	}
	t.Logf("%d of %d example documents recorded (%d events); refusals by rule: %v", recordedDocs, len(files), recordedEvents, refusals)
}

// expectedExampleOutcomes: "" for recorded, else the rule that refused it.
var expectedExampleOutcomes = map[string]string{
	// Disassociates a device the chain never saw associated.
	"AssociationEvent__AssociationEvent-c.jsonld": "invalid EPCIS event",
	// Associates a device with product classes only, no object.
	"AssociationEvent__AssociationEvent-d.jsonld": "invalid EPCIS event",
	// Declares erroneous an association with product classes only.
	"AssociationEvent__AssociationEvent-g.jsonld": "invalid EPCIS event",
	// Two different "eventID" keys in one event: ambiguous JSON.
	"AssociationEvent__AssociationEvent-h.jsonld": "invalid EPCIS event",
	// The shipment declared erroneous was the only evidence the goods
	// existed; undoing it leaves the receipt with nothing to receive.
	"WithErrorDeclaration__Example_9.6.1-ObjectEvent-with-error-declaration.jsonld": "no shipment of the object to this organization is pending",
	// Lists the same lots as inputs and outputs: an output cannot be
	// commissioned while it exists as an input.
	"WithFullCombinationOfFields__transformation_event_all_possible_fields.jsonld": "object already commissioned",
	// Receipts of goods nobody shipped to the recorder.
	"Example_9.6.2-ObjectEvent.jsonld":                                   "no shipment of the object to this organization is pending",
	"PersistentDisposition-example.jsonld":                               "no shipment of the object to this organization is pending",
	"WithDigitalLinkID__Example_9.6.2-ObjectEventWithDigitalLink.jsonld": "no shipment of the object to this organization is pending",
}

func init() {
	files, _ := filepath.Glob(filepath.Join(epcisTestdata, "examples", "*.jsonld"))
	for _, f := range files {
		if _, ok := expectedExampleOutcomes[filepath.Base(f)]; !ok {
			expectedExampleOutcomes[filepath.Base(f)] = ""
		}
	}
}

// captureOriginalsThenDeclarations first records, as they were before
// being declared erroneous, the events a document declares erroneous; then
// the document as given, whose declarations undo them and whose corrective
// events say what really happened.
func captureOriginalsThenDeclarations(f *keepertest.Trace, doc *epcis.Document) ([]string, error) {
	given, err := doc.Root.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var originals []*epcis.Node
	for _, e := range doc.Events {
		if e.Get("errorDeclaration") != nil {
			o := e.Clone()
			o.Delete("errorDeclaration")
			originals = append(originals, o)
		}
	}
	body := doc.Root.Get("epcisBody")
	list := body.Get("eventList")
	if list == nil {
		list = body.Get("queryResults").Get("resultsBody").Get("eventList")
	}
	list.Values = originals
	first, err := doc.Root.MarshalJSON()
	if err != nil {
		return nil, err
	}
	if _, err := f.Capture(f.Farm.Signer(), first); err != nil {
		return nil, err
	}
	ids, err := f.Capture(f.Farm.Signer(), given)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		rec, err := f.Query.Event(f.Ctx, &types.QueryEventRequest{EventId: id})
		if err != nil {
			return nil, err
		}
		if strings.Contains(string(rec.Event.Json), `"errorDeclaration"`) != (rec.Event.ErrorDeclaration != nil) {
			return nil, fmt.Errorf("event %s: declaration not recorded", id)
		}
	}
	return ids, nil
}

// requireRuleError: a registered trace error, naming the event unless the
// whole document is at fault.
func requireRuleError(t *testing.T, err error, parsed bool) {
	t.Helper()
	codespace, code, _ := errorsmod.ABCIInfo(err, false)
	require.Equal(t, types.ModuleName, codespace, "%v", err)
	require.Greater(t, code, uint32(1))
	if parsed && !errors.Is(err, types.ErrInvalidDocument) && !errors.Is(err, types.ErrTooLarge) {
		require.Regexp(t, namesEvent, err.Error())
	}
}

// ruleOf is the registered error's description: the rule that refused.
func ruleOf(err error) string {
	_, _, log := errorsmod.ABCIInfo(err, false)
	if i := strings.LastIndex(log, ": "); i >= 0 {
		return log[i+2:]
	}
	return log
}

// documentPrefixes lists the GS1 company prefixes of a document's
// identifiers: exact for EPC URNs, the 7-digit reading for Digital Link
// (which does not mark where the prefix ends), without overlaps.
func documentPrefixes(doc *epcis.Document) []string {
	var exact, guessed []string
	var walk func(n *epcis.Node)
	walk = func(n *epcis.Node) {
		switch n.Kind {
		case epcis.String:
			id, err := gs1.Parse(n.Text)
			if err != nil {
				return
			}
			if id.CompanyPrefix != "" {
				exact = append(exact, id.CompanyPrefix)
			} else if digits := keyDigits(id); len(digits) >= 7 {
				guessed = append(guessed, digits[:7])
			}
		case epcis.Object, epcis.Array:
			for _, c := range n.Values {
				walk(c)
			}
		}
	}
	for _, e := range doc.Events {
		walk(e)
	}
	sort.Strings(exact)
	sort.Strings(guessed)
	var out []string
	for _, p := range append(slices.Compact(exact), slices.Compact(guessed)...) {
		if !slices.ContainsFunc(out, func(q string) bool { return strings.HasPrefix(p, q) || strings.HasPrefix(q, p) }) {
			out = append(out, p)
		}
	}
	return out
}

func keyDigits(id gs1.Identifier) string {
	switch id.Kind {
	case gs1.KindSGTIN, gs1.KindLGTIN, gs1.KindGTIN, gs1.KindSSCC, gs1.KindGRAI:
		return id.Key[1:]
	}
	return id.Key
}

func compileEPCISSchema(t *testing.T) *epcisschema.Schema {
	t.Helper()
	schema, err := epcisschema.Compile(filepath.Join(epcisTestdata, "EPCIS-JSON-Schema.json"))
	require.NoError(t, err)
	return schema
}

// requireValidAndRehashes checks the event the chain gives back: inside an
// EPCISDocument with its @context it is valid EPCIS 2.0, and its content
// hashes to its eventID.
func requireValidAndRehashes(t *testing.T, schema *epcisschema.Schema, rec types.EventRecord) {
	t.Helper()
	require.NoError(t, schema.ValidateEvent(rec.Json, rec.Context, rec.RecordTime), "event %s", rec.EventId)
	node, err := epcis.ParseJSON(rec.Json)
	require.NoError(t, err)
	require.Equal(t, rec.EventId, node.Str("eventID"))
	ctxNode, err := epcis.ParseJSON(rec.Context)
	require.NoError(t, err)
	ctx, err := epcis.ReadContext(ctxNode)
	require.NoError(t, err)
	pre, err := epcis.PreHash(node, ctx)
	require.NoError(t, err)
	require.Equal(t, rec.EventId, epcis.HashID(pre))
}
