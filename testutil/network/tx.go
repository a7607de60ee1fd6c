package network

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// TxResult is the outcome of a transaction: refused at CheckTx (Height 0)
// or executed in a block.
type TxResult struct {
	Hash      string
	Height    int64
	Code      uint32
	Codespace string
	Log       string
}

// broadcastReply is the part of `tx ... --output json` the tests read.
type broadcastReply struct {
	TxHash    string `json:"txhash"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace"`
	RawLog    string `json:"raw_log"`
}

func (n *Network) txFlags() []string {
	return []string{"--chain-id", n.ChainID, "--keyring-backend", "test", "--output", "json", "--yes"}
}

// Tx signs with the named key, broadcasts, and waits for the block.
// args are the command after `tx`, e.g. "membership", "add-member", ...
func (n *Network) Tx(ctx context.Context, from string, args ...string) (TxResult, error) {
	cmd := append(append([]string{"tx"}, args...), append(n.txFlags(), "--from", from)...)
	out, err := n.CLI(ctx, cmd...)
	if err != nil {
		return TxResult{}, err
	}
	return n.await(ctx, out)
}

// OfflineTx signs with an account number and sequence given by hand (for
// a key that has no account) and broadcasts; the chain's answer is returned.
func (n *Network) OfflineTx(ctx context.Context, from string, accountNumber, sequence uint64, args ...string) (TxResult, error) {
	// --offline only skips the account lookup; the node of client.toml still
	// receives the transaction.
	cmd := append(append([]string{"tx"}, args...), append(n.txFlags(), "--from", from, "--offline",
		"--account-number", fmt.Sprint(accountNumber), "--sequence", fmt.Sprint(sequence))...)
	out, err := n.CLI(ctx, cmd...)
	if err != nil {
		return TxResult{}, err
	}
	return n.await(ctx, out)
}

// MultisigTx builds the transaction for the multisig key `multisig`, has
// each of signers sign it, combines the signatures and broadcasts.
func (n *Network) MultisigTx(ctx context.Context, multisig string, signers []string, args ...string) (TxResult, error) {
	dir, err := os.MkdirTemp(n.Dir, "multisig")
	if err != nil {
		return TxResult{}, err
	}
	unsigned := filepath.Join(dir, "unsigned.json")
	out, err := n.CLI(ctx, append(append([]string{"tx"}, args...), "--from", multisig, "--generate-only",
		"--chain-id", n.ChainID, "--keyring-backend", "test")...)
	if err != nil {
		return TxResult{}, err
	}
	if err := os.WriteFile(unsigned, []byte(out), 0o600); err != nil {
		return TxResult{}, err
	}
	var parts []string
	for _, s := range signers {
		part := filepath.Join(dir, s+".json")
		if _, err := n.CLI(ctx, "tx", "sign", unsigned, "--multisig", multisig, "--from", s,
			"--output-document", part, "--chain-id", n.ChainID, "--keyring-backend", "test"); err != nil {
			return TxResult{}, err
		}
		parts = append(parts, part)
	}
	signed, err := n.CLI(ctx, append([]string{"tx", "multisign", unsigned, multisig}, append(parts,
		"--chain-id", n.ChainID, "--keyring-backend", "test")...)...)
	if err != nil {
		return TxResult{}, err
	}
	return n.broadcastFile(ctx, signed)
}

func (n *Network) broadcastFile(ctx context.Context, signedJSON string) (TxResult, error) {
	f, err := os.CreateTemp(n.Dir, "signed-*.json")
	if err != nil {
		return TxResult{}, err
	}
	if _, err := f.WriteString(signedJSON); err != nil {
		return TxResult{}, err
	}
	_ = f.Close()
	out, err := n.CLI(ctx, "tx", "broadcast", f.Name(), "--chain-id", n.ChainID, "--output", "json")
	if err != nil {
		return TxResult{}, err
	}
	return n.await(ctx, out)
}

// await reads a broadcast reply and, if CheckTx accepted it, waits for the
// transaction's block through node0's RPC.
func (n *Network) await(ctx context.Context, out string) (TxResult, error) {
	var reply broadcastReply
	if err := json.Unmarshal([]byte(lastJSONLine(out)), &reply); err != nil {
		return TxResult{}, fmt.Errorf("broadcast reply %q: %w", out, err)
	}
	res := TxResult{Hash: reply.TxHash, Code: reply.Code, Codespace: reply.Codespace, Log: reply.RawLog}
	if reply.Code != 0 {
		return res, nil
	}
	hash, err := hex.DecodeString(reply.TxHash)
	if err != nil {
		return res, err
	}
	client := n.Client(n.Nodes[0].Name)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if tx, err := client.Tx(ctx, hash, false); err == nil {
			res.Height, res.Code, res.Codespace, res.Log = tx.Height, tx.TxResult.Code, tx.TxResult.Codespace, tx.TxResult.Log
			return res, nil
		}
		time.Sleep(250 * time.Millisecond)
	}
	return res, fmt.Errorf("transaction %s not in a block after 30s", reply.TxHash)
}

func lastJSONLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(strings.TrimSpace(lines[i]), "{") {
			return lines[i]
		}
	}
	return out
}

// AddKey creates a key in node0's keyring and returns its address.
func (n *Network) AddKey(ctx context.Context, name string) string {
	n.t.Helper()
	if _, err := n.CLI(ctx, "keys", "add", name, "--keyring-backend", "test", "--output", "json"); err != nil {
		n.t.Fatal(err)
	}
	out, err := n.CLI(ctx, "keys", "show", name, "--address", "--keyring-backend", "test")
	if err != nil {
		n.t.Fatal(err)
	}
	return strings.TrimSpace(out)
}
