package epcis

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

var timestampRE = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})?$`)

// ParseTimestamp reads an ISO 8601 / RFC 3339 date-time. A missing offset
// means UTC (EPCIS times carry one; sensor times sometimes do not). The
// result is rounded to the millisecond the way the event hash rounds:
// half up on the fourth decimal.
func ParseTimestamp(s string) (time.Time, error) {
	m := timestampRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("%q is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm))", s)
	}
	n := make([]int, 7)
	for i := 1; i <= 6; i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	frac := m[7] + "000"
	ms, _ := strconv.Atoi(frac[:3])
	loc := time.UTC
	if z := m[8]; z != "" && z != "Z" && z != "z" {
		h, _ := strconv.Atoi(z[1:3])
		mi, _ := strconv.Atoi(z[4:6])
		if h > 23 || mi > 59 {
			return time.Time{}, fmt.Errorf("%q: offset %s is out of range", s, z)
		}
		off := h*3600 + mi*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(n[1], time.Month(n[2]), n[3], n[4], n[5], n[6], ms*int(time.Millisecond), loc)
	if t.Year() != n[1] || int(t.Month()) != n[2] || t.Day() != n[3] || t.Hour() != n[4] || t.Minute() != n[5] || t.Second() != n[6] {
		return time.Time{}, fmt.Errorf("%q is not a valid calendar date and time", s)
	}
	if len(m[7]) >= 4 && m[7][3] >= '5' {
		t = t.Add(time.Millisecond)
	}
	return t.UTC(), nil
}

// FormatTimestamp writes the hash's form: UTC, milliseconds, "Z".
func FormatTimestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// canonicalTimestamp is the hash's reading of a time value; values that
// are not date-times are kept as they are.
func canonicalTimestamp(s string) string {
	t, err := ParseTimestamp(s)
	if err != nil {
		return s
	}
	return FormatTimestamp(t)
}
