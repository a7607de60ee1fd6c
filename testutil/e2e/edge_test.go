//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/cmd/tracesigner/loadgen"
	"github.com/tracechain/tracechain/testutil/epcisbuild"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// TestBadInputAtTheEdge sends a node what it must refuse — a transaction
// above the size limit, one with too many messages, bytes that are no
// transaction, a member's transaction with a forged signature, and a flood
// of validly signed transactions from non-members — while members keep
// sending: every bad one is refused at admission with an error that says
// why, none reaches a block, and every member transaction commits.
func TestBadInputAtTheEdge(t *testing.T) {
	ctx := context.Background()
	net := consortiumNet(t, 1)
	client, err := chainclient.New(net.Node("node0").RPC, net.ChainID)
	require.NoError(t, err)
	member := func(name string) chainclient.Signer { return memberSigner(t, net, client, name) }
	addr := func(s chainclient.Signer) string {
		a, err := chainaddress.AccountAddressCodec().BytesToString(s.Address())
		require.NoError(t, err)
		return a
	}
	operator := member("farm-operator")
	startHeight, err := net.Height(ctx, "node0")
	require.NoError(t, err)

	// refused asserts admission refuses tx, and returns the node's reason.
	refused := func(tx []byte) string {
		t.Helper()
		hash, err := client.Broadcast(ctx, tx)
		require.Error(t, err, "tx %X was admitted", hash)
		return err.Error()
	}

	// Above the 1 MiB transaction limit: a document padded past it.
	big := epcisbuild.Document(epcisbuild.NewClock(time.Now().Add(-time.Hour)).New("ObjectEvent", "OBSERVE").
		BizStep("inspecting").EPCs("urn:epc:id:sgtin:6901234.012345.EDGE").Set("comment", strings.Repeat("x", 1100<<10)))
	seq, err := client.Sequence(operator)
	require.NoError(t, err)
	tx, err := client.Build(seq, &tracetypes.MsgCaptureEvents{Signer: addr(operator), Document: big})
	require.NoError(t, err)
	why := refused(tx)
	require.Regexp(t, `(?i)too large|limit is`, why)
	require.Contains(t, why, "1048576")
	t.Logf("oversized (%d bytes): %s", len(tx), why)

	// More messages than the chain's 32 per transaction.
	to := addr(member("mill-operator"))
	var msgs []sdk.Msg
	for range 33 {
		msgs = append(msgs, &banktypes.MsgSend{FromAddress: addr(operator), ToAddress: to, Amount: sdk.NewCoins(sdk.NewInt64Coin(servicetypes.DefaultSettlementDenom, 1))})
	}
	seq, err = client.Sequence(operator)
	require.NoError(t, err)
	tx, err = client.Build(seq, msgs...)
	require.NoError(t, err)
	why = refused(tx)
	require.Contains(t, why, "holds more than 32 messages")
	t.Logf("33 messages: %s", why)

	// Bytes that are no transaction, and a real one cut short.
	junk := make([]byte, 300)
	_, _ = rand.Read(junk)
	why = refused(junk)
	require.Contains(t, why, "tx parse error")
	t.Logf("random bytes: %s", why)
	why = refused(tx[:len(tx)/2])
	require.Contains(t, why, "tx parse error")

	// A member's transaction whose signature is not the member's.
	forger := chainclient.KeySigner{Key: secp256k1.GenPrivKey()}
	seq, err = client.Sequence(operator)
	require.NoError(t, err)
	forged, err := client.Build(&chainclient.Sequenced{Signer: impostor{Signer: operator, signWith: forger}, Number: seq.Number, Sequence: seq.Sequence},
		&banktypes.MsgSend{FromAddress: addr(operator), ToAddress: to, Amount: sdk.NewCoins(sdk.NewInt64Coin(servicetypes.DefaultSettlementDenom, 1))})
	require.NoError(t, err)
	why = refused(forged)
	require.Contains(t, why, "signature verification failed")
	t.Logf("forged signature: %s", why)

	// A flood from 40 non-members, 50 transactions each, sent as fast as
	// 8 connections go, while two members send 10 bank sends a second.
	const strangers, each = 40, 50
	flood := make(chan []byte, strangers*each)
	var strangerHashes sync.Map
	for range strangers {
		s := chainclient.KeySigner{Key: secp256k1.GenPrivKey()}
		sq := &chainclient.Sequenced{Signer: s}
		for range each {
			tx, err := client.Build(sq, &banktypes.MsgSend{FromAddress: addr(s), ToAddress: to, Amount: sdk.NewCoins(sdk.NewInt64Coin("utrace", 1))})
			require.NoError(t, err)
			flood <- tx
		}
	}
	close(flood)
	membersDone := make(chan *loadgen.Result, 1)
	go func() {
		res, err := loadgen.RunBankSends(ctx, client, loadgen.Config{
			Senders: []chainclient.Signer{member("mill-operator"), member("retail-operator")}, Issuer: member("bank-admin"), Fund: 1000,
			Denom: servicetypes.DefaultSettlementDenom, Rate: 10, Duration: 12 * time.Second, Drain: 60 * time.Second, Out: io.Discard,
		})
		require.NoError(t, err)
		membersDone <- res
	}()
	time.Sleep(2 * time.Second) // the issuer's minting first
	var refusedCount, admitted atomic.Int64
	var reasons sync.Map
	floodStart := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for tx := range flood {
				res, err := client.RPC.BroadcastTxSync(ctx, tx)
				if err != nil {
					continue
				}
				strangerHashes.Store(fmt.Sprintf("%X", res.Hash), true)
				if res.Code == 0 {
					admitted.Add(1)
					continue
				}
				refusedCount.Add(1)
				reasons.Store(fmt.Sprintf("%s/%d", res.Codespace, res.Code), res.Log)
			}
		}()
	}
	wg.Wait()
	floodTook := time.Since(floodStart)
	members := <-membersDone
	require.Zero(t, admitted.Load(), "no non-member transaction is admitted")
	require.EqualValues(t, strangers*each, refusedCount.Load())
	reasons.Range(func(code, log any) bool {
		require.Equal(t, "membership/15", code, log)
		require.Contains(t, log, "is not a member of any organization")
		return true
	})
	require.Equal(t, members.Sent, members.Committed, "every member transaction commits during the flood")
	require.Zero(t, members.FailedInBlock+members.NotSeen+members.RefusedAtAdmission)
	t.Logf("flood: %d non-member transactions refused in %s (%.0f/s); members meanwhile: %d of %d committed, latency p50 %.0f ms, p99 %.0f ms",
		refusedCount.Load(), floodTook.Round(time.Millisecond), float64(refusedCount.Load())/floodTook.Seconds(),
		members.Committed, members.Sent, members.LatencyP50ms, members.LatencyP99ms)

	// Nothing refused is in any block.
	top, err := net.Height(ctx, "node0")
	require.NoError(t, err)
	rpc := net.Client("node0")
	for h := startHeight; h <= top; h++ {
		blk, err := rpc.Block(ctx, &h)
		require.NoError(t, err)
		for _, btx := range blk.Block.Txs {
			_, stranger := strangerHashes.Load(fmt.Sprintf("%X", btx.Hash()))
			require.False(t, stranger, "a non-member's transaction is in block %d", h)
			require.NotEqual(t, fmt.Sprintf("%X", btx.Hash()), fmt.Sprintf("%X", cmttypes.Tx(forged).Hash()), "the forged transaction is in block %d", h)
		}
	}
}

// impostor presents a member's public key but signs with another key.
type impostor struct {
	chainclient.Signer
	signWith chainclient.Signer
}

func (i impostor) Sign(bz []byte) ([]byte, error) { return i.signWith.Sign(bz) }
