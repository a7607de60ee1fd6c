package types

import (
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
)

// ConsensusPubKey unpacks a validator key and insists on ed25519, the only
// key type CometBFT's default consensus params accept.
func ConsensusPubKey(unpacker codectypes.AnyUnpacker, any *codectypes.Any) (*ed25519.PubKey, error) {
	if any == nil {
		return nil, ErrInvalidPubKey.Wrap("consensus_pubkey is missing")
	}
	var pk cryptotypes.PubKey
	if err := unpacker.UnpackAny(any, &pk); err != nil {
		return nil, ErrInvalidPubKey.Wrapf("consensus_pubkey: %s", err)
	}
	ed, ok := pk.(*ed25519.PubKey)
	if !ok {
		return nil, ErrInvalidPubKey.Wrapf("consensus_pubkey must be ed25519 (%s), got %s", ed25519.PubKeyName, any.TypeUrl)
	}
	if len(ed.Key) != ed25519.PubKeySize {
		return nil, ErrInvalidPubKey.Wrapf("consensus_pubkey has %d bytes, ed25519 keys have %d", len(ed.Key), ed25519.PubKeySize)
	}
	return ed, nil
}

// UnpackInterfaces lets the codec resolve the consensus key.
func (v Validator) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	var pk cryptotypes.PubKey
	return unpacker.UnpackAny(v.ConsensusPubkey, &pk)
}

// UnpackInterfaces lets the codec resolve the consensus key.
func (m MsgAddValidator) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	var pk cryptotypes.PubKey
	return unpacker.UnpackAny(m.ConsensusPubkey, &pk)
}

// UnpackInterfaces resolves every genesis validator's key.
func (gs GenesisState) UnpackInterfaces(unpacker codectypes.AnyUnpacker) error {
	for _, v := range gs.Validators {
		if err := v.UnpackInterfaces(unpacker); err != nil {
			return err
		}
	}
	return nil
}
