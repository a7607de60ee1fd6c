package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// readJSON answers `demotool json KEY` and `demotool json --each LIST F…`.
func readJSON(in io.Reader, out io.Writer, args []string) error {
	raw, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	// The CLI may print a line (such as "gas estimate: …") before its JSON.
	start := bytes.IndexAny(raw, "{[")
	if start < 0 {
		return errors.New("reading JSON: no JSON object or array in the input")
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw[start:]))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("reading JSON: %w", err)
	}
	switch {
	case len(args) == 1:
		v, found := first(doc, args[0])
		if !found {
			return fmt.Errorf("no %q in the JSON", args[0])
		}
		_, err := fmt.Fprintln(out, text(v))
		return err
	case len(args) >= 3 && args[0] == "--each":
		list, found := first(doc, args[1])
		elems, isList := list.([]any)
		if !found || !isList {
			return fmt.Errorf("no list %q in the JSON", args[1])
		}
		for _, el := range elems {
			cols := make([]string, 0, len(args)-2)
			for _, path := range args[2:] {
				cols = append(cols, text(valueAt(el, path)))
			}
			if _, err := fmt.Fprintln(out, strings.Join(cols, "\t")); err != nil {
				return err
			}
		}
		return nil
	}
	return errors.New("usage: demotool json KEY, or demotool json --each LIST FIELDS")
}

// first is the first value named key, depth first in document order
// (objects' keys in the order the JSON gives them are not kept by
// encoding/json, so keys are visited sorted; the CLI's answers name each
// field once where the demo reads it).
func first(v any, key string) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		if x, ok := t[key]; ok {
			return x, true
		}
		for _, k := range sortedKeys(t) {
			if x, ok := first(t[k], key); ok {
				return x, true
			}
		}
	case []any:
		for _, e := range t {
			if x, ok := first(e, key); ok {
				return x, true
			}
		}
	}
	return nil, false
}

// valueAt follows a dotted path of object keys.
func valueAt(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// text prints a value for the shell: strings bare, numbers as written,
// null as nothing, objects and arrays as compact JSON.
func text(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return fmt.Sprint(t)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSpace(buf.String())
}

// sortedKeys: the answer never depends on map order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
