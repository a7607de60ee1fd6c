//go:build e2e

package e2e

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/testutil/network"
)

// consortiumNet starts a chain of the demo consortium (networks/consortium.json)
// with that many validators and waits for its second block.
func consortiumNet(t testing.TB, validators int) *network.Network {
	t.Helper()
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	net := network.New(t, network.Options{Validators: validators, Consortium: filepath.Join(repo, "networks", "consortium.json")})
	net.StartAll()
	require.NoError(t, net.WaitHeight(context.Background(), "node0", 2, 90*time.Second))
	return net
}

// memberSigner is a consortium account of the network's keyring, its key
// held in memory as the load drivers hold it.
func memberSigner(t testing.TB, net *network.Network, client *chainclient.Client, name string) chainclient.Signer {
	t.Helper()
	k, err := client.OpenKeyring(net.Keyring, "test", name)
	require.NoError(t, err)
	s, err := k.InMemory()
	require.NoError(t, err)
	return s
}
