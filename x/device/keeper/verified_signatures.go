package keeper

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sync"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/x/device/types"
)

// A node checks a transaction when it enters its mempool (CheckTx) and
// again when a block carries it. Recovering a reading's device signature
// is most of a validator's work per reading, and in the block it sits on
// the critical path: every validator executes the block before the next
// one can start. So the admission check verifies the readings' signatures
// (PreverifyReadings) and remembers which verified, and the block reuses
// that. What is remembered is only "this key, address, digest and
// signature verify", a pure function of those bytes — a block finds the
// same answer whether it looks it up or computes it, so the cache cannot
// make two nodes disagree. Entries are used once and then dropped; the
// cache is bounded and forgets its oldest half when full.

// verifiedCacheLimit bounds the remembered signatures: two generations of
// up to half of it each, ~80 bytes an entry.
const verifiedCacheLimit = 400_000

type signatureKey [sha256.Size]byte

type verifiedSignatures struct {
	mu        sync.Mutex
	cur, prev map[signatureKey]struct{}
}

func newVerifiedSignatures() *verifiedSignatures {
	return &verifiedSignatures{cur: map[signatureKey]struct{}{}, prev: map[signatureKey]struct{}{}}
}

// signatureKeyOf names one verification by all of its inputs.
func signatureKeyOf(keyType types.KeyType, publicKey []byte, address [20]byte, digest types.Hash, sig []byte) signatureKey {
	h := sha256.New()
	var n [8]byte
	binary.BigEndian.PutUint32(n[:4], uint32(keyType))
	binary.BigEndian.PutUint32(n[4:], uint32(len(publicKey)))
	h.Write(n[:])
	h.Write(publicKey)
	h.Write(address[:])
	h.Write(digest[:])
	h.Write(sig)
	var k signatureKey
	h.Sum(k[:0])
	return k
}

func (c *verifiedSignatures) add(k signatureKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cur) >= verifiedCacheLimit/2 {
		c.prev, c.cur = c.cur, map[signatureKey]struct{}{}
	}
	c.cur[k] = struct{}{}
}

// take reports whether k was verified, and forgets it.
func (c *verifiedSignatures) take(k signatureKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[k]; ok {
		delete(c.cur, k)
		return true
	}
	if _, ok := c.prev[k]; ok {
		delete(c.prev, k)
		return true
	}
	return false
}

func (c *verifiedSignatures) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.prev)
}

// verifyDevice is types.VerifyDevice, answered from the admission check
// when it verified the same bytes.
func (k Keeper) verifyDevice(keyType types.KeyType, publicKey []byte, address [20]byte, digest types.Hash, sig []byte) error {
	if k.verified.take(signatureKeyOf(keyType, publicKey, address, digest, sig)) {
		return nil
	}
	return types.VerifyDevice(keyType, publicKey, address, digest, sig)
}

// PreverifyReadings verifies the device signatures of a message's readings
// at admission and remembers those that hold, for the block to reuse. It
// refuses nothing and changes no state: a reading it cannot check here
// (unknown or inactive device, bad field) is left to the block, which
// gives the error. Its reads are not charged to the transaction's gas, so
// admission charges what it did before.
func (k Keeper) PreverifyReadings(ctx context.Context, msg *types.MsgSubmitReadings) {
	sdkCtx := sdk.UnwrapSDKContext(ctx).WithGasMeter(storetypes.NewInfiniteGasMeter())
	domain := k.Domain(sdkCtx)
	devices := map[string]*types.Device{}
	for i := range msg.Readings {
		r := &msg.Readings[i]
		id, err := types.CanonicalAddress("device", r.Device)
		if err != nil {
			continue
		}
		d, seen := devices[id]
		if !seen {
			if got, err := k.Devices.Get(sdkCtx, id); err == nil && got.Status == types.DEVICE_STATUS_ACTIVE {
				d = &got
			}
			devices[id] = d
		}
		if d == nil || r.Validate() != nil {
			continue
		}
		addr, err := types.ParseAddress("address", d.Address)
		if err != nil {
			continue
		}
		hash, err := r.StructHash()
		if err != nil {
			continue
		}
		digest := domain.Digest(hash)
		if types.VerifyDevice(d.KeyType, d.PublicKey, addr, digest, r.Signature) == nil {
			k.verified.add(signatureKeyOf(d.KeyType, d.PublicKey, addr, digest, r.Signature))
		}
	}
}

// PreverifiedSignatures is how many verified signatures wait for a block
// to use them (tests and operators' curiosity).
func (k Keeper) PreverifiedSignatures() int { return k.verified.len() }
