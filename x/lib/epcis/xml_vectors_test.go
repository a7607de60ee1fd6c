package epcis_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/x/lib/epcis"
)

var xmlVectorDir = filepath.Join(vectorDir, "..", "hash-vectors-xml")

// excludedByXMLGenerator: as excludedByGenerator, for the XML vectors.
var excludedByXMLGenerator = map[string][]string{
	"epcisXmlDocHavingEventWithIgnoreFields":      {"example:testField1", "example:testField2"},
	"epcisXmlQueryDocHavingEventWithIgnoreFields": {"example:testField1", "example:testField2"},
}

// TestXMLHashVectors: every XML vector's events, read through the XML
// binding, have the pre-hashes and IDs of the vector.
func TestXMLHashVectors(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(xmlVectorDir, "*.xml"))
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	for _, path := range docs {
		name := strings.TrimSuffix(filepath.Base(path), ".xml")
		t.Run(name, func(t *testing.T) {
			bz, err := os.ReadFile(path)
			require.NoError(t, err)
			doc, _, err := epcis.ReadXMLDocument(bz)
			require.NoError(t, err)
			var ids, pre []string
			for _, ev := range doc.Events {
				p, err := epcis.PreHashWith(ev, doc.Context, epcis.HashOptions{ExcludeFields: excludedByXMLGenerator[name]})
				require.NoError(t, err)
				pre = append(pre, p)
				ids = append(ids, epcis.HashID(p))
			}
			require.Equal(t, lines(t, strings.TrimSuffix(path, ".xml")+".prehashes"), pre)
			require.Equal(t, lines(t, strings.TrimSuffix(path, ".xml")+".hashes"), ids)
		})
	}
}
