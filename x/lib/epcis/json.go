package epcis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Kind is the JSON type of a Node.
type Kind int

// JSON value kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Node is a JSON value that keeps object keys in document order and
// numbers as written, so that a document can be read deterministically and
// written back as it came.
type Node struct {
	Kind Kind
	// Text is a string's value, a number's literal, or "true"/"false".
	Text string
	// Keys and Values are an object's members in order; Values are also an
	// array's elements.
	Keys   []string
	Values []*Node
}

// Limits of what ParseJSON accepts.
const (
	MaxDepth = 32
)

// ParseJSON reads one JSON value. Duplicate object keys, trailing data and
// nesting deeper than MaxDepth are errors.
func ParseJSON(data []byte) (*Node, error) {
	p := parser{}
	return p.parse(data)
}

// ParseJSONLenient reads one JSON value as ECMAScript's JSON.parse does
// (which GS1's own tools use): of a duplicated object key, the last value
// wins, in the first one's place. It returns the JSON paths of the
// duplicated keys, so that a caller who must not guess can refuse them.
func ParseJSONLenient(data []byte) (*Node, []string, error) {
	p := parser{lenient: true}
	n, err := p.parse(data)
	return n, p.duplicates, err
}

type parser struct {
	lenient    bool
	duplicates []string
}

func (p *parser) parse(data []byte) (*Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := p.value(dec, 0, "$")
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("unexpected data after the JSON value")
	}
	return n, nil
}

func (p *parser) value(dec *json.Decoder, depth int, path string) (*Node, error) {
	if depth > MaxDepth {
		return nil, fmt.Errorf("%s: nested deeper than %d levels", path, MaxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch v := tok.(type) {
	case json.Delim:
		switch v {
		case '{':
			n := &Node{Kind: Object}
			seen := map[string]bool{}
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return nil, fmt.Errorf("%s: %w", path, err)
				}
				key := keyTok.(string)
				if seen[key] && !p.lenient {
					return nil, fmt.Errorf("%s: key %q appears twice", path, key)
				}
				child, err := p.value(dec, depth+1, path+"."+key)
				if err != nil {
					return nil, err
				}
				if seen[key] {
					p.duplicates = append(p.duplicates, path+"."+key)
					n.Set(key, child)
					continue
				}
				seen[key] = true
				n.Keys = append(n.Keys, key)
				n.Values = append(n.Values, child)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			return n, nil
		case '[':
			n := &Node{Kind: Array}
			for i := 0; dec.More(); i++ {
				child, err := p.value(dec, depth+1, fmt.Sprintf("%s[%d]", path, i))
				if err != nil {
					return nil, err
				}
				n.Values = append(n.Values, child)
			}
			if _, err := dec.Token(); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			return n, nil
		}
		return nil, fmt.Errorf("%s: unexpected %q", path, v)
	case string:
		return &Node{Kind: String, Text: v}, nil
	case json.Number:
		return &Node{Kind: Number, Text: v.String()}, nil
	case bool:
		return &Node{Kind: Bool, Text: strconv.FormatBool(v)}, nil
	case nil:
		return &Node{Kind: Null}, nil
	}
	return nil, fmt.Errorf("%s: unexpected token %v", path, tok)
}

// Get returns the member of an object, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i, k := range n.Keys {
		if k == key {
			return n.Values[i]
		}
	}
	return nil
}

// Str returns a string member's value, or "".
func (n *Node) Str(key string) string {
	if v := n.Get(key); v != nil && v.Kind == String {
		return v.Text
	}
	return ""
}

// Set replaces or appends an object member.
func (n *Node) Set(key string, v *Node) {
	for i, k := range n.Keys {
		if k == key {
			n.Values[i] = v
			return
		}
	}
	n.Keys = append(n.Keys, key)
	n.Values = append(n.Values, v)
}

// Delete removes an object member if present.
func (n *Node) Delete(key string) {
	for i, k := range n.Keys {
		if k == key {
			n.Keys = append(n.Keys[:i:i], n.Keys[i+1:]...)
			n.Values = append(n.Values[:i:i], n.Values[i+1:]...)
			return
		}
	}
}

// StringNode makes a string value.
func StringNode(s string) *Node { return &Node{Kind: String, Text: s} }

// MarshalJSON writes the node compactly, members in their order.
func (n *Node) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := n.write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (n *Node) write(buf *bytes.Buffer) error {
	switch n.Kind {
	case Null:
		buf.WriteString("null")
	case Bool, Number:
		buf.WriteString(n.Text)
	case String:
		bz, err := json.Marshal(n.Text)
		if err != nil {
			return err
		}
		buf.Write(bz)
	case Array:
		buf.WriteByte('[')
		for i, v := range n.Values {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := v.write(buf); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case Object:
		buf.WriteByte('{')
		for i, k := range n.Keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, err := json.Marshal(k)
			if err != nil {
				return err
			}
			buf.Write(kb)
			buf.WriteByte(':')
			if err := n.Values[i].write(buf); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	}
	return nil
}

// Clone deep-copies a node.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := &Node{Kind: n.Kind, Text: n.Text, Keys: append([]string(nil), n.Keys...)}
	for _, v := range n.Values {
		c.Values = append(c.Values, v.Clone())
	}
	return c
}
