package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestReadJSON(t *testing.T) {
	read := func(in string, args ...string) (string, error) {
		var out bytes.Buffer
		err := readJSON(strings.NewReader(in), &out, args)
		return out.String(), err
	}
	// A line before the JSON, as the CLI prints "gas estimate: …".
	got, err := read("gas estimate: 90210\n{\"height\":\"7\",\"code\":0,\"tx\":{\"txhash\":\"AB\"}}", "txhash")
	require.NoError(t, err)
	require.Equal(t, "AB\n", got)
	got, err = read(`{"code":0}`, "code")
	require.NoError(t, err)
	require.Equal(t, "0\n", got)
	got, err = read(`{"order":{"excursion_ids":["1","2"]}}`, "excursion_ids")
	require.NoError(t, err)
	require.Equal(t, "[\"1\",\"2\"]\n", got)
	got, err = read(`{"nodes":[{"object":{"id":"a"}},{"object":{"id":"b"},"depth":-1}]}`, "--each", "nodes", "depth", "object.id")
	require.NoError(t, err)
	require.Equal(t, "\ta\n-1\tb\n", got)
	_, err = read(`{"a":1}`, "b")
	require.Error(t, err)
	_, err = read("Error: rpc error", "raw_log")
	require.Error(t, err)
}
