package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
)

// keyFile is a device's key on disk, with the counter of its last signed
// reading so that a counter is never used twice.
type keyFile struct {
	Curve      string `json:"curve"`
	PrivateKey string `json:"private_key"`
	DeviceID   string `json:"device_id"`
	PublicKey  string `json:"public_key"`
	Account    string `json:"account"`
	Counter    uint64 `json:"counter"`

	path string
	key  *devicekey.PrivateKey
}

func newKeyFile(path string, key *devicekey.PrivateKey) (*keyFile, error) {
	acc, err := key.AccountKey()
	if err != nil {
		return nil, err
	}
	chainaddress.SetAddressPrefixes()
	account, err := chainaddress.AccountAddressCodec().BytesToString(acc.PubKey().Address())
	if err != nil {
		return nil, err
	}
	curve := "secp256k1"
	if key.Type == types.KEY_TYPE_P256 {
		curve = "p256"
	}
	return &keyFile{
		Curve: curve, PrivateKey: key.Hex(), DeviceID: key.ID(), PublicKey: fmt.Sprintf("%x", key.PublicKey().Compressed()),
		Account: account, path: path, key: key,
	}, nil
}

func loadKeyFile(path string) (*keyFile, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	var kf keyFile
	if err := json.Unmarshal(bz, &kf); err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	curve, err := devicekey.ParseKeyType(kf.Curve)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	if kf.key, err = devicekey.FromHex(curve, kf.PrivateKey); err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	kf.path = path
	return &kf, nil
}

// save writes the file atomically (a crash never leaves half a key or an
// old counter next to a new signature), readable by its owner only.
func (kf *keyFile) save() error {
	bz, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(kf.path), ".tracesigner-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(append(bz, '\n')); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), kf.path)
}
