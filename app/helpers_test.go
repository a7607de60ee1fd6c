package app_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
)

func pubKeyAny(t *testing.T, n byte) *codectypes.Any {
	t.Helper()
	a, err := codectypes.NewAnyWithValue(ed25519.GenPrivKeyFromSecret([]byte{'k', n}).PubKey())
	require.NoError(t, err)
	return a
}
