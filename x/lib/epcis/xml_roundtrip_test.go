package epcis_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

var jsonExampleDir = filepath.Join(vectorDir, "..", "examples")

// documentMembersNotInXML: a document id has no place in the XML binding.
func documentMembersNotInXML(doc *epcis.Document) []string {
	if doc.Root.Get("id") != nil {
		return []string{"id"}
	}
	return nil
}

// TestXMLRoundTrip: every JSON-LD example of GS1's written as XML reads
// back to the same events — the same IDs, and equal JSON up to key order,
// the @context and the spelling of CBV terms (XML writes a bare term as
// its web URI, which is the same term) — and the XML vectors' documents
// go the other way and back with the same IDs.
func TestXMLRoundTrip(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(jsonExampleDir, "*.jsonld"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	for _, path := range docs {
		name := filepath.Base(path)
		bz, err := os.ReadFile(path)
		require.NoError(t, err)
		doc, err := epcis.ReadDocument(bz)
		require.NoError(t, err, name)
		if doc.Root.Get("epcisHeader") != nil {
			_, err := epcis.WriteXML(doc)
			require.ErrorContains(t, err, "epcisHeader", "%s: refused, never dropped", name)
			continue
		}
		ids, _, err := doc.EventIDs()
		require.NoError(t, err, name)
		require.Equal(t, documentMembersNotInXML(doc), epcis.XMLLeftOut(doc), "%s: what is not written is named", name)

		x, err := epcis.WriteXML(doc)
		require.NoError(t, err, name)
		back, _, err := epcis.ReadXMLDocument(x)
		require.NoError(t, err, "%s:\n%s", name, x)
		backIDs, _, err := back.EventIDs()
		require.NoError(t, err, name)
		require.Equal(t, ids, backIDs, "%s: the XML twin has the same event IDs\n%s", name, x)
		require.Len(t, back.Events, len(doc.Events))
		for _, m := range []string{"sender", "receiver", "instanceIdentifier", "schemaVersion", "creationDate"} {
			require.Equal(t, doc.Root.Str(m), back.Root.Str(m), "%s: %s through the XML header", name, m)
		}
		for i := range doc.Events {
			require.JSONEq(t, comparable(t, doc.Events[i], doc.Context), comparable(t, back.Events[i], back.Context), "%s event %d", name, i)
		}
	}
}

// comparable is an event's JSON with CBV terms in one spelling (their
// web URIs), CURIE values expanded (XML scopes prefixes by element, so the
// reader writes such values in full), empty EPC lists as absent ones, and
// the scalars of user extensions as text: XML has no types for what no
// schema describes (the hash reads them as text either way).
func comparable(t *testing.T, ev *epcis.Node, ctx epcis.Context) string {
	t.Helper()
	c := epcis.CanonicalTerms(ev)
	expandCURIEs(c, ctx)
	for _, list := range []string{"epcList", "childEPCs"} {
		if l := c.Get(list); l != nil && len(l.Values) == 0 {
			c.Delete(list) // XML writes the element the XSD requires, empty
		}
	}
	bz, err := c.MarshalJSON()
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(bz, &v))
	out, err := json.Marshal(extensionsAsText(v, false))
	require.NoError(t, err)
	return strings.TrimSpace(string(out))
}

// extensionsAsText writes the scalars under prefixed keys as strings.
func extensionsAsText(v any, inExtension bool) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = extensionsAsText(e, inExtension || strings.Contains(k, ":"))
		}
	case []any:
		for i, e := range x {
			x[i] = extensionsAsText(e, inExtension)
		}
	case bool, float64:
		if inExtension {
			return fmt.Sprint(x)
		}
	}
	return v
}

// expandCURIEs expands every CURIE string value in place.
func expandCURIEs(n *epcis.Node, ctx epcis.Context) {
	if n.Kind == epcis.String {
		n.Text = ctx.ExpandCURIE(n.Text)
	}
	for _, v := range n.Values {
		expandCURIEs(v, ctx)
	}
}
