package epcis

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCanonicalTimestamp(t *testing.T) {
	for in, want := range map[string]string{
		"2022-02-16T20:33:31.116000-06:00": "2022-02-17T02:33:31.116Z",
		"2020-03-04T11:00:30.000+01:00":    "2020-03-04T10:00:30.000Z",
		"2023-02-02T11:04:03.1415Z":        "2023-02-02T11:04:03.142Z",
		"2023-02-02T11:04:03.1414Z":        "2023-02-02T11:04:03.141Z",
		"2023-02-12T11:04:03.1007Z":        "2023-02-12T11:04:03.101Z",
		"2023-01-11T12:00:00+01:00":        "2023-01-11T11:00:00.000Z",
		"2019-12-31T23:59:59.9995Z":        "2020-01-01T00:00:00.000Z",
		"2019-04-02T15:00:00":              "2019-04-02T15:00:00.000Z",
	} {
		require.Equal(t, want, canonicalTimestamp(in), in)
	}
	for _, bad := range []string{"2019-02-30T00:00:00Z", "2019-04-02", "2019-04-02T25:00:00Z", "2019-04-02T10:00:00+25:00", "yesterday"} {
		_, err := ParseTimestamp(bad)
		require.Error(t, err, bad)
		require.Equal(t, bad, canonicalTimestamp(bad), "non-times are kept as they are")
	}
}
