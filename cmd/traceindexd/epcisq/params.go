package epcisq

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/lib/gs1"
)

// ParamError is an EPCIS QueryParameterException: it names the parameter.
type ParamError struct {
	Param  string
	Reason string
}

func (e *ParamError) Error() string { return e.Param + ": " + e.Reason }

func paramErr(param, format string, args ...any) error {
	return &ParamError{Param: param, Reason: fmt.Sprintf(format, args...)}
}

// Limits of one query.
const (
	DefaultPerPage = 30
	MaxPerPage     = 1000
	// maxValues bounds a |-separated list, so that merging lists stays cheap.
	maxValues = 32
	// maxParams, maxNameLength and maxValueLength bound a query before any
	// of it is parsed: every parameter costs work, and their names are free.
	maxParams      = 32
	maxNameLength  = 64
	maxValueLength = 8192
	// maxNumberLength bounds a sensor filter's value (digits, no exponent).
	maxNumberLength = 40
)

// sensorNumber is a sensor filter's value: a plain decimal, no exponent
// (an exponent would have the parser compute a power of ten of any size).
var sensorNumber = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// Query is a parsed SimpleEventQuery.
type Query struct {
	// Indexed equalities: field → accepted values (OR); fields are ANDed.
	// A MATCH_anyEPC lists its values under several fields (anyOf).
	Terms map[string][]string
	// AnyEPC and AnyEPCClass are values matching in any of their fields.
	AnyEPC, AnyEPCClass []string

	EventIDs   []string
	Actions    []string
	TimeRanges []timeRange
	Sensors    []sensorFilter
	SensorType []string
	// ExistsErrorDeclaration is set by EXISTS_errorDeclaration.
	ExistsErrorDeclaration bool
	ErrorReasons           []string

	PerPage int
	// From is where a nextPageToken says to go on.
	From []byte
}

type timeRange struct {
	field string // eventTime or recordTime
	ge    bool   // GE_ (inclusive lower bound) or LT_ (exclusive upper bound)
	at    time.Time
}

// sensorFilter is e.g. GE_maxValue_CEL=30: some sensorReport with uom CEL
// has a maxValue ≥ 30.
type sensorFilter struct {
	op, field, uom string
	value          *big.Rat
}

var zoned = regexp.MustCompile(`([Zz]|[+-]\d{2}:\d{2})$`)

var sensorParam = regexp.MustCompile(`^(EQ|GT|GE|LT|LE)_(value|minValue|maxValue|meanValue|sDev|percRank|percValue)_([A-Za-z0-9]{1,8})$`)

// termParams map indexed parameters to their field.
var termParams = map[string]string{
	"eventType":            store.FieldType,
	"EQ_bizStep":           store.FieldBizStep,
	"EQ_disposition":       store.FieldDisposition,
	"EQ_bizLocation":       store.FieldBizLocation,
	"EQ_readPoint":         store.FieldReadPoint,
	"MATCH_epc":            store.FieldEPC,
	"MATCH_parentID":       store.FieldParentID,
	"MATCH_inputEPC":       store.FieldInputEPC,
	"MATCH_outputEPC":      store.FieldOutputEPC,
	"MATCH_epcClass":       store.FieldEPCClass,
	"MATCH_inputEPCClass":  store.FieldInputEPCClass,
	"MATCH_outputEPCClass": store.FieldOutputEPCClass,
}

var actions = map[string]bool{"ADD": true, "OBSERVE": true, "DELETE": true}

// Parse reads the query parameters. Every parameter must be one this
// interface knows; an unknown or malformed one is an error naming it.
func Parse(values url.Values) (*Query, error) {
	q := &Query{Terms: map[string][]string{}, PerPage: DefaultPerPage}
	if len(values) > maxParams {
		return nil, paramErr("query", "%d parameters, at most %d", len(values), maxParams)
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names) // the first bad parameter reported is always the same one
	for _, name := range names {
		if len(name) > maxNameLength {
			return nil, paramErr(name[:maxNameLength]+"…", "a parameter name of %d characters, at most %d", len(name), maxNameLength)
		}
		for _, v := range values[name] {
			if len(v) > maxValueLength {
				return nil, paramErr(name, "a value of %d characters, at most %d", len(v), maxValueLength)
			}
		}
	}
	for _, name := range names {
		vs := values[name]
		if len(vs) != 1 {
			return nil, paramErr(name, "given %d times; give it once (separate values with |)", len(vs))
		}
		if err := q.set(name, vs[0]); err != nil {
			return nil, err
		}
	}
	return q, nil
}

func (q *Query) set(name, raw string) error {
	list := func() ([]string, error) {
		parts := strings.Split(raw, "|")
		if len(parts) > maxValues {
			return nil, paramErr(name, "%d values, at most %d", len(parts), maxValues)
		}
		for _, p := range parts {
			if p == "" {
				return nil, paramErr(name, "an empty value")
			}
		}
		return parts, nil
	}
	if field, ok := termParams[name]; ok {
		vs, err := list()
		if err != nil {
			return err
		}
		for _, v := range vs {
			switch {
			case field == store.FieldType && !epcis.EventTypes[v]:
				return paramErr(name, "%q is not an EPCIS event type", v)
			case strings.HasPrefix(v, "urn:epc:idpat:"):
				return paramErr(name, "EPC patterns (%s) are not supported; give EPCs or EPC classes", v)
			}
			n, err := normal(name, field, v)
			if err != nil {
				return err
			}
			q.Terms[field] = append(q.Terms[field], n)
		}
		return nil
	}
	switch name {
	case "MATCH_anyEPC", "MATCH_anyEPCClass":
		vs, err := list()
		if err != nil {
			return err
		}
		for _, v := range vs {
			if strings.HasPrefix(v, "urn:epc:idpat:") {
				return paramErr(name, "EPC patterns (%s) are not supported; give EPCs or EPC classes", v)
			}
			id, err := Identifier(name, v)
			if err != nil {
				return err
			}
			if name == "MATCH_anyEPC" {
				q.AnyEPC = append(q.AnyEPC, id)
			} else {
				q.AnyEPCClass = append(q.AnyEPCClass, id)
			}
		}
	case "EQ_eventID":
		vs, err := list()
		if err != nil {
			return err
		}
		q.EventIDs = vs
	case "EQ_action":
		vs, err := list()
		if err != nil {
			return err
		}
		for _, v := range vs {
			if !actions[v] {
				return paramErr(name, "%q is not ADD, OBSERVE or DELETE", v)
			}
		}
		q.Actions = vs
	case "GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime":
		t, err := epcis.ParseTimestamp(raw)
		if err == nil && !zoned.MatchString(raw) {
			err = errors.New("no time zone (Z or ±hh:mm)")
		}
		if err != nil {
			return paramErr(name, "not an RFC 3339 date-time with a time zone: %s", err)
		}
		q.TimeRanges = append(q.TimeRanges, timeRange{field: name[3:], ge: name[:2] == "GE", at: t})
	case "EQ_type":
		vs, err := list()
		if err != nil {
			return err
		}
		q.SensorType = vs
	case "EXISTS_errorDeclaration":
		if raw != "" && raw != "true" {
			return paramErr(name, "takes no value (or true)")
		}
		q.ExistsErrorDeclaration = true
	case "EQ_errorReason":
		vs, err := list()
		if err != nil {
			return err
		}
		q.ErrorReasons = vs
	case "perPage":
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > MaxPerPage {
			return paramErr(name, "a whole number from 1 to %d", MaxPerPage)
		}
		q.PerPage = n
	case "nextPageToken":
		from, err := DecodeToken(raw)
		if err != nil {
			return paramErr(name, "%s", err)
		}
		q.From = from
	default:
		m := sensorParam.FindStringSubmatch(name)
		if m == nil {
			return paramErr(name, "not a parameter of the EPCIS 2.0 SimpleEventQuery this interface supports")
		}
		if len(raw) > maxNumberLength || !sensorNumber.MatchString(raw) {
			return paramErr(name, "%q is not a decimal number of at most %d characters (no exponent)", raw, maxNumberLength)
		}
		v, ok := new(big.Rat).SetString(raw)
		if !ok {
			return paramErr(name, "%q is not a decimal number", raw)
		}
		q.Sensors = append(q.Sensors, sensorFilter{op: m[1], field: m[2], uom: m[3], value: v})
	}
	return nil
}

// normal is a value in the form the index keeps for field.
func normal(name, field, v string) (string, error) {
	switch field {
	case store.FieldType:
		return v, nil
	case store.FieldBizStep, store.FieldDisposition:
		return store.VocabTerm(field, v), nil
	case store.FieldBizLocation, store.FieldReadPoint:
		// The chain keeps locations as given (an SGLN, or any label): they
		// are matched the way they are indexed, never refused.
		return store.Canonical(v), nil
	}
	return Identifier(name, v)
}

// Identifiers that claim to be GS1 keys — EPC URNs (any case), and
// Digital Links with a primary key — must parse as such.
var (
	epcURN = regexp.MustCompile(`(?i)^urn:epc:`)
	anyURI = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$`)
)

// Identifier is an identifier parameter in the form the index keeps: the
// canonical Digital Link of a GS1 key, or another URI as given. A value
// that is no URI, or a GS1 key that does not parse (a wrong check digit),
// is an error naming the parameter.
func Identifier(name, v string) (string, error) {
	id, err := gs1.Parse(v)
	switch {
	case err == nil:
		return id.URI, nil
	case epcURN.MatchString(v) || gs1.LooksLikeDigitalLink(strings.ToLower(v)):
		return "", paramErr(name, "%s", err)
	case anyURI.MatchString(v):
		return v, nil
	}
	return "", paramErr(name, "%q is not an identifier (an EPC URN, a GS1 Digital Link or another URI)", v)
}
