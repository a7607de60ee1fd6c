// Package uploadauth is how a member account signs a batch upload to
// traceindexd and how the indexer checks it, before it reads the body.
//
// The signature covers the anchored batch the upload names (device and
// first counter: on chain that names one header, root and count for good)
// and the time of signing; the body needs no signature, since the indexer
// stores a reading only under the anchored Merkle root. A replay within
// the allowed clock skew can only post the same batch again, which
// changes nothing. The key is the account's secp256k1 key, the one it
// signs its transactions with; the indexer derives the account from it.
//
// It is in the library tier: the signer's client and the indexer share it
// without linking the chain.
package uploadauth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"

	"github.com/tracechain/tracechain/x/lib/chainaddress"
)

// The request headers of a signed upload.
const (
	// BatchHeader names the anchored batch: "<device>/<first counter>".
	BatchHeader = "TraceChain-Batch"
	// SignedAtHeader is the time of signing, Unix seconds.
	SignedAtHeader = "TraceChain-Signed-At"
	// PubKeyHeader is the account's compressed secp256k1 key, base64.
	PubKeyHeader = "TraceChain-PubKey"
	// SignatureHeader is the signature of SignBytes, base64 (64 bytes, r||s).
	SignatureHeader = "TraceChain-Signature"
)

// MaxSkew is how far the time of signing may be from the indexer's clock.
const MaxSkew = 5 * time.Minute

// Batch names an anchored batch.
type Batch struct {
	Device       string
	FirstCounter uint64
}

func (b Batch) String() string { return b.Device + "/" + strconv.FormatUint(b.FirstCounter, 10) }

// SignBytes are the bytes signed (hashed with SHA-256 by the key, as a
// Cosmos secp256k1 key signs).
func SignBytes(b Batch, signedAt int64) []byte {
	return fmt.Appendf(nil, "TraceChain batch upload\n%s\n%d\n%d\n", b.Device, b.FirstCounter, signedAt)
}

// Signer is an account key: a keyring entry or a key in memory.
type Signer interface {
	Sign(msg []byte) ([]byte, error)
	PubKey() cryptotypes.PubKey
}

// Sign sets the headers of a signed upload of b on req.
func Sign(req *http.Request, s Signer, b Batch, now time.Time) error {
	at := now.Unix()
	sig, err := s.Sign(SignBytes(b, at))
	if err != nil {
		return fmt.Errorf("signing the upload: %w", err)
	}
	req.Header.Set(BatchHeader, b.String())
	req.Header.Set(SignedAtHeader, strconv.FormatInt(at, 10))
	req.Header.Set(PubKeyHeader, encode(s.PubKey().Bytes()))
	req.Header.Set(SignatureHeader, encode(sig))
	return nil
}

// ErrUnsigned is an upload without the headers.
var ErrUnsigned = errors.New("a batch upload is signed by a member account: headers " +
	BatchHeader + ", " + SignedAtHeader + ", " + PubKeyHeader + ", " + SignatureHeader)

// Verify checks the headers of h at now and answers the batch named and
// the signing account (trace1…). An error names the header at fault.
func Verify(h http.Header, now time.Time) (Batch, string, error) {
	var b Batch
	if h.Get(BatchHeader) == "" && h.Get(SignatureHeader) == "" {
		return b, "", ErrUnsigned
	}
	device, counter, ok := strings.Cut(h.Get(BatchHeader), "/")
	first, err := strconv.ParseUint(counter, 10, 64)
	if !ok || err != nil || device == "" || len(device) > 64 {
		return b, "", fmt.Errorf("%s: <device>/<first counter> of the anchored batch", BatchHeader)
	}
	b = Batch{Device: device, FirstCounter: first}
	at, err := strconv.ParseInt(h.Get(SignedAtHeader), 10, 64)
	if err != nil {
		return b, "", fmt.Errorf("%s: Unix seconds of signing", SignedAtHeader)
	}
	if skew := now.Sub(time.Unix(at, 0)); skew > MaxSkew || skew < -MaxSkew {
		return b, "", fmt.Errorf("%s: %d is more than %s from the indexer's clock", SignedAtHeader, at, MaxSkew)
	}
	key, err := base64.StdEncoding.DecodeString(h.Get(PubKeyHeader))
	if err != nil || len(key) != secp256k1.PubKeySize {
		return b, "", fmt.Errorf("%s: base64 of a %d-byte compressed secp256k1 key", PubKeyHeader, secp256k1.PubKeySize)
	}
	sig, err := base64.StdEncoding.DecodeString(h.Get(SignatureHeader))
	if err != nil || len(sig) != 64 {
		return b, "", fmt.Errorf("%s: base64 of a 64-byte signature", SignatureHeader)
	}
	pub := &secp256k1.PubKey{Key: key}
	if !pub.VerifySignature(SignBytes(b, at), sig) {
		return b, "", fmt.Errorf("%s: not the key's signature of this upload", SignatureHeader)
	}
	account, err := chainaddress.AccountAddressCodec().BytesToString(pub.Address())
	if err != nil {
		return b, "", err
	}
	return b, account, nil
}

func encode(bz []byte) string { return base64.StdEncoding.EncodeToString(bz) }
