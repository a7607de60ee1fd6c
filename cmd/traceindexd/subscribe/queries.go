// Package subscribe is the EPCIS 2.0 REST binding's named queries and
// their subscriptions: webhooks (durable, with a per-subscription cursor
// in their own Pebble store, retried with backoff, dead-lettered when the
// destination keeps failing) and WebSocket streams. Deliveries are driven
// by the blocks the indexer commits, in chain order (which is record-time
// order), at least once.
package subscribe

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/tracechain/tracechain/cmd/traceindexd/epcisq"
)

// NamedQuery is a query definition as GS1's QueryDefinition: a name and
// SimpleEventQuery parameters (lists as JSON arrays).
type NamedQuery struct {
	Name  string                     `json:"name"`
	Query map[string]json.RawMessage `json:"query"`
	// Owner is the name of the token that made it: only it may delete it.
	Owner string `json:"owner,omitempty"`
}

var queryName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// InvalidError is a definition or subscription refused (a 400), naming
// the field.
type InvalidError struct{ Reason string }

func (e *InvalidError) Error() string { return e.Reason }

func invalid(format string, args ...any) error { return &InvalidError{fmt.Sprintf(format, args...)} }

// Params is the query as URL parameters: what /events takes, lists joined
// with '|'. It checks the query as /events would.
func (q NamedQuery) Params() (url.Values, error) {
	if !queryName.MatchString(q.Name) {
		return nil, invalid("name: %q: letters, digits, '.', '_' or '-', at most 64", q.Name)
	}
	if len(q.Query) == 0 {
		return nil, invalid("query: no parameters (a named query selects something)")
	}
	values := url.Values{}
	names := make([]string, 0, len(q.Query))
	for name := range q.Query {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch name {
		case "perPage", "nextPageToken":
			return nil, invalid("query.%s: paging is the caller's, not the query's", name)
		}
		v, err := paramValue(q.Query[name])
		if err != nil {
			return nil, invalid("query.%s: %v", name, err)
		}
		values.Set(name, v)
	}
	if _, err := epcisq.Parse(values); err != nil {
		return nil, invalid("query.%v", err)
	}
	return values, nil
}

// paramValue is a JSON value as a parameter: a list of strings joined
// with '|', a string, a number or true.
func paramValue(raw json.RawMessage) (string, error) {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		if len(list) == 0 {
			return "", fmt.Errorf("an empty list")
		}
		for _, v := range list {
			if strings.Contains(v, "|") {
				return "", fmt.Errorf("%q: a value may not contain '|'", v)
			}
		}
		return strings.Join(list, "|"), nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil && b {
		return strconv.FormatBool(b), nil
	}
	return "", fmt.Errorf("a list of strings, a string, a number or true")
}
