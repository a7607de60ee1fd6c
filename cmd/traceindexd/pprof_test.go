package main

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
)

func TestPprofListener(t *testing.T) {
	addr, err := servePprof("127.0.0.1:0", log.NewNopLogger())
	require.NoError(t, err)
	res, err := http.Get("http://" + addr.String() + "/debug/pprof/cmdline")
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NotEmpty(t, body, "the command line of the test binary")

	_, err = servePprof("127.0.0.1:-1", log.NewNopLogger())
	require.ErrorContains(t, err, "--pprof 127.0.0.1:-1")
}
