// Package epcisschema validates EPCIS 2.0 JSON against GS1's JSON Schema.
// The schema's patterns use ECMAScript lookaheads, which Go's regexp does
// not have, so patterns run on dlclark/regexp2 in ECMAScript mode.
package epcisschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/dlclark/regexp2"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Path is the schema in the shared test data, relative to the repository root.
var Path = filepath.Join("..", "shared", "testdata", "epcis", "EPCIS-JSON-Schema.json")

type ecmaRegexp regexp2.Regexp

func (re *ecmaRegexp) MatchString(s string) bool {
	ok, err := (*regexp2.Regexp)(re).MatchString(s)
	return err == nil && ok
}

func (re *ecmaRegexp) String() string { return (*regexp2.Regexp)(re).String() }

func compileECMA(s string) (jsonschema.Regexp, error) {
	re, err := regexp2.Compile(s, regexp2.ECMAScript)
	if err != nil {
		return nil, err
	}
	return (*ecmaRegexp)(re), nil
}

// Schema is the compiled EPCIS 2.0 JSON Schema.
type Schema struct{ s *jsonschema.Schema }

// Compile reads the schema file, checking formats (date-time, uri).
func Compile(file string) (*Schema, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(compileECMA)
	c.AssertFormat()
	s, err := c.Compile(abs)
	if err != nil {
		return nil, err
	}
	return &Schema{s: s}, nil
}

// ValidateDocument validates a whole EPCIS document.
func (s *Schema) ValidateDocument(doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.s.Validate(inst)
}

// ValidateEvent validates one event, wrapped in an EPCISDocument with the
// @context it was captured under.
func (s *Schema) ValidateEvent(event, context []byte, creationDate string) error {
	var ev, ctx any
	if err := json.Unmarshal(event, &ev); err != nil {
		return fmt.Errorf("event: %w", err)
	}
	if err := json.Unmarshal(context, &ctx); err != nil {
		return fmt.Errorf("@context: %w", err)
	}
	doc, err := json.Marshal(map[string]any{
		"@context": ctx, "type": "EPCISDocument", "schemaVersion": "2.0",
		"creationDate": creationDate, "epcisBody": map[string]any{"eventList": []any{ev}},
	})
	if err != nil {
		return err
	}
	return s.ValidateDocument(doc)
}
