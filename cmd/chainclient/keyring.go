package chainclient

import (
	"fmt"
	"os"

	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
)

// KeyringSigner signs with a key of a tracechaind keyring (a gateway or an
// org admin), without ever reading the key out.
type KeyringSigner struct {
	kr   keyring.Keyring
	name string
	addr sdk.AccAddress
	pub  cryptotypes.PubKey
}

// OpenKeyring opens the keyring of a tracechaind home and finds a key.
func (c *Client) OpenKeyring(home, backend, name string) (*KeyringSigner, error) {
	// The file backend asks its passphrase on stdin.
	kr, err := keyring.New("tracechain", backend, home, os.Stdin, c.Codec)
	if err != nil {
		return nil, fmt.Errorf("keyring in %s: %w", home, err)
	}
	rec, err := kr.Key(name)
	if err != nil {
		return nil, fmt.Errorf("key %q in %s (%s backend): %w", name, home, backend, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, err
	}
	pub, err := rec.GetPubKey()
	if err != nil {
		return nil, err
	}
	return &KeyringSigner{kr: kr, name: name, addr: addr, pub: pub}, nil
}

// Address is the key's account.
func (s *KeyringSigner) Address() sdk.AccAddress { return s.addr }

// PubKey is the key's public key.
func (s *KeyringSigner) PubKey() cryptotypes.PubKey { return s.pub }

// Sign signs sign bytes in SIGN_MODE_DIRECT.
func (s *KeyringSigner) Sign(bz []byte) ([]byte, error) {
	sig, _, err := s.kr.Sign(s.name, bz, signingtypes.SignMode_SIGN_MODE_DIRECT)
	return sig, err
}

// InMemory returns a signer holding the key itself, for load drivers that
// sign thousands of transactions a second (the keyring reads its file for
// every signature). Only unencrypted backends such as "test" allow it.
func (s *KeyringSigner) InMemory() (Signer, error) {
	exporter, ok := s.kr.(interface {
		ExportPrivateKeyObject(uid string) (cryptotypes.PrivKey, error)
	})
	if !ok {
		return nil, fmt.Errorf("key %q: this keyring does not export keys", s.name)
	}
	priv, err := exporter.ExportPrivateKeyObject(s.name)
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", s.name, err)
	}
	return KeySigner{Key: priv}, nil
}
