// Package cmd assembles the tracesigner command tree.
package cmd

import (
	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/cmd/chainclient"
)

// Flags every command that talks to a node shares.
const (
	flagNode     = "node"
	flagChainID  = "chain-id"
	flagHome     = "home"
	flagBackend  = "keyring-backend"
	flagKey      = "key"
	flagFrom     = "from"
	defaultNode  = "tcp://127.0.0.1:26657"
	defaultChain = "tracechain-demo-1"
)

// NewRootCmd builds `tracesigner`.
func NewRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "tracesigner",
		Short:         "Device side of TraceChain: keys, signed readings, submission, batch anchors, fleet simulation",
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.AddCommand(keygenCmd(), registerCmd(), signCmd(), submitCmd(), anchorCmd(), verifyCmd(), simulateCmd(), bankLoadCmd(), uploadCmd(), batchLoadCmd())
	return root
}

// addChainFlags adds --chain-id (every signature is bound to one chain).
func addChainFlags(c *cobra.Command) {
	c.Flags().String(flagChainID, defaultChain, "chain the signatures are for (the EIP-712 domain's salt)")
}

// addNodeFlags adds the flags of commands that send transactions.
func addNodeFlags(c *cobra.Command) {
	addChainFlags(c)
	c.Flags().String(flagNode, defaultNode, "CometBFT RPC address of a node")
	c.Flags().String(flagHome, "", "tracechaind home whose keyring holds --from")
	c.Flags().String(flagBackend, "test", "keyring backend of --home")
}

func connect(c *cobra.Command) (*chainclient.Client, error) {
	node, _ := c.Flags().GetString(flagNode)
	chainID, _ := c.Flags().GetString(flagChainID)
	return chainclient.New(node, chainID)
}

// keyringSigner opens the keyring account named by flag.
func keyringSigner(c *cobra.Command, client *chainclient.Client, flag string) (chainclient.Signer, error) {
	name, _ := c.Flags().GetString(flag)
	home, _ := c.Flags().GetString(flagHome)
	backend, _ := c.Flags().GetString(flagBackend)
	return client.OpenKeyring(home, backend, name)
}
