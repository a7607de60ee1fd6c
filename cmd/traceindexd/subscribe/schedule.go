package subscribe

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is a scheduled subscription's times, as GS1's
// QueryScheduleSubscription: each field a list of numbers and [a-b]
// ranges ("0,30", "[1-5]"); an empty field matches every value.
type Schedule struct {
	Second     string `json:"second,omitempty"`
	Minute     string `json:"minute,omitempty"`
	Hour       string `json:"hour,omitempty"`
	DayOfMonth string `json:"dayOfMonth,omitempty"`
	Month      string `json:"month,omitempty"`
	DayOfWeek  string `json:"dayOfWeek,omitempty"`
}

// maxSpec bounds a schedule field (a schedule is parsed each second).
const maxSpec = 64

type field struct {
	name     string
	spec     string
	min, max int
	value    func(time.Time) int
}

func (s *Schedule) fields() []field {
	return []field{
		{"second", s.Second, 0, 59, func(t time.Time) int { return t.Second() }},
		{"minute", s.Minute, 0, 59, func(t time.Time) int { return t.Minute() }},
		{"hour", s.Hour, 0, 23, func(t time.Time) int { return t.Hour() }},
		{"dayOfMonth", s.DayOfMonth, 1, 31, func(t time.Time) int { return t.Day() }},
		{"month", s.Month, 1, 12, func(t time.Time) int { return int(t.Month()) }},
		// 1 is Monday … 7 Sunday.
		{"dayOfWeek", s.DayOfWeek, 1, 7, func(t time.Time) int { return (int(t.Weekday())+6)%7 + 1 }},
	}
}

// Validate checks every field; an error names it.
func (s *Schedule) Validate() error {
	for _, f := range s.fields() {
		if _, err := parseField(f); err != nil {
			return err
		}
	}
	if *s == (Schedule{}) {
		return fmt.Errorf("schedule: no field set (set stream: true to be sent each event as it is recorded)")
	}
	return nil
}

// parseField is the set of values a field allows (nil: all).
func parseField(f field) (map[int]bool, error) {
	if f.spec == "" {
		return nil, nil
	}
	if len(f.spec) > maxSpec {
		return nil, fmt.Errorf("schedule.%s: at most %d characters", f.name, maxSpec)
	}
	set := map[int]bool{}
	for _, part := range strings.Split(f.spec, ",") {
		lo, hi := part, part
		if strings.HasPrefix(part, "[") && strings.HasSuffix(part, "]") {
			var ok bool
			lo, hi, ok = strings.Cut(part[1:len(part)-1], "-")
			if !ok {
				return nil, fmt.Errorf("schedule.%s: %q: a range is [low-high]", f.name, part)
			}
		}
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil || a < f.min || b > f.max || a > b {
			return nil, fmt.Errorf("schedule.%s: %q: numbers or [low-high] ranges from %d to %d", f.name, part, f.min, f.max)
		}
		for v := a; v <= b; v++ {
			set[v] = true
		}
	}
	return set, nil
}

// Matches says whether the schedule fires at t (to the second, UTC).
func (s *Schedule) Matches(t time.Time) bool {
	t = t.UTC()
	for _, f := range s.fields() {
		set, err := parseField(f)
		if err != nil || (set != nil && !set[f.value(t)]) {
			return false
		}
	}
	return true
}
