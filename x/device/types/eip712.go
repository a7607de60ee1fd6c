package types

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/crypto"
)

// EIP-712 types of everything a device signs. The strings are the EIP-712
// encodeType of each struct: any EIP-712 library (ethers.js signTypedData,
// go-ethereum's apitypes) given the same fields produces the same hashes;
// the tests check both. They are part of the device API: changing one
// invalidates every signature in the field.
const (
	DomainType       = "EIP712Domain(string name,string version,bytes32 salt)"
	ReadingType      = "Reading(address device,uint64 counter,uint64 deviceTime,string measurementType,string value,string unit,string[] epcs,string geo,string subject)"
	BatchAnchorType  = "BatchAnchor(address device,uint64 firstCounter,uint64 lastCounter,uint64 count,uint64 firstTime,uint64 lastTime,bytes32 merkleRoot)"
	RegistrationType = "DeviceRegistration(address device,string chainId,string ownerOrg)"
	KeyRotationType  = "KeyRotation(address device,uint64 keyVersion,bytes newPublicKey)"

	// DomainName and DomainVersion of the TraceChain EIP-712 domain; its
	// salt is keccak256(chain-id), so a signature is only good on one chain.
	DomainName    = "TraceChain"
	DomainVersion = "1"
)

var (
	domainTypeHash       = crypto.Keccak256Hash([]byte(DomainType))
	readingTypeHash      = crypto.Keccak256Hash([]byte(ReadingType))
	batchAnchorTypeHash  = crypto.Keccak256Hash([]byte(BatchAnchorType))
	registrationTypeHash = crypto.Keccak256Hash([]byte(RegistrationType))
	keyRotationTypeHash  = crypto.Keccak256Hash([]byte(KeyRotationType))
)

// Hash is a keccak-256 digest.
type Hash = [32]byte

// The hashing is written out field by field rather than through
// go-ethereum's reflective apitypes.TypedData, which costs more than the
// signature recovery itself: verification has to stay within 1.2× of a raw
// Ecrecover. Keccak states are pooled; the result does not depend on it.
var keccakPool = sync.Pool{New: func() any { return crypto.NewKeccakState() }}

// keccak hashes the concatenation of parts.
func keccak(parts ...[]byte) (h Hash) {
	st := keccakPool.Get().(crypto.KeccakState)
	st.Reset()
	for _, p := range parts {
		st.Write(p) //nolint:errcheck // hash writes never fail
	}
	st.Read(h[:]) //nolint:errcheck // hash reads never fail
	keccakPool.Put(st)
	return h
}

// commonStringHashes holds the hashes of the strings nearly every reading
// carries — the empty string, measurement types, common units — so that
// verifying a reading spends its time on the signature, not on hashing
// the same words again.
var commonStringHashes = func() map[string]Hash {
	words := []string{"", RFIDRead, "CEL", "FAH", "KEL", "P1", "KGM", "MTR", "PAL", "LUX", "HTZ", "C62"}
	for t := range sensorTypes {
		words = append(words, t)
	}
	m := make(map[string]Hash, len(words))
	for _, w := range words {
		m[w] = keccak([]byte(w))
	}
	return m
}()

// structEncoder builds encodeData: 32-byte words, one per field.
type structEncoder struct {
	buf []byte
	arr [32 * 10]byte // room for the largest struct, Reading
}

func newStructEncoder(typeHash Hash, fields int) *structEncoder {
	e := &structEncoder{}
	if fields+1 <= len(e.arr)/32 {
		e.buf = e.arr[:0]
	} else {
		e.buf = make([]byte, 0, 32*(fields+1))
	}
	e.buf = append(e.buf, typeHash[:]...)
	return e
}

func (e *structEncoder) word(w Hash) { e.buf = append(e.buf, w[:]...) }

// str encodes a string as the hash of its bytes, the common ones looked up.
func (e *structEncoder) str(s string) {
	if h, known := commonStringHashes[s]; known {
		e.word(h)
		return
	}
	e.word(keccak([]byte(s)))
}

func (e *structEncoder) bytes(b []byte) { e.word(keccak(b)) }
func (e *structEncoder) address(a [20]byte) {
	var w Hash
	copy(w[12:], a[:])
	e.word(w)
}

func (e *structEncoder) uint64(v uint64) {
	var w Hash
	binary.BigEndian.PutUint64(w[24:], v)
	e.word(w)
}

// strings encodes string[]: the hash of the concatenated hashes of its members.
func (e *structEncoder) strings(list []string) {
	if len(list) == 0 {
		e.word(commonStringHashes[""])
		return
	}
	members := make([]byte, 0, 32*len(list))
	for _, s := range list {
		h := keccak([]byte(s))
		members = append(members, h[:]...)
	}
	e.word(keccak(members))
}

func (e *structEncoder) hash() Hash { return keccak(e.buf) }

// Domain is the EIP-712 domain of one chain.
type Domain struct {
	ChainID   string
	separator Hash
}

// NewDomain computes the domain separator of a chain.
func NewDomain(chainID string) Domain {
	salt := keccak([]byte(chainID))
	e := newStructEncoder(domainTypeHash, 3)
	e.str(DomainName)
	e.str(DomainVersion)
	e.word(salt)
	return Domain{ChainID: chainID, separator: e.hash()}
}

// Separator is the domain separator (hashStruct of the domain).
func (d Domain) Separator() Hash { return d.separator }

// Salt is keccak256(chain-id), the domain's salt.
func (d Domain) Salt() Hash { return keccak([]byte(d.ChainID)) }

// Digest is what gets signed: keccak256(0x19 0x01 ‖ domainSeparator ‖ structHash).
func (d Domain) Digest(structHash Hash) Hash {
	return keccak([]byte{0x19, 0x01}, d.separator[:], structHash[:])
}

// ParseAddress reads a 0x-prefixed 20-byte hex address, in any letter case.
func ParseAddress(field, s string) ([20]byte, error) {
	var a [20]byte
	if len(s) != 42 || !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") {
		return a, fmt.Errorf("%s: %q is not an address (0x and 40 hex digits)", field, s)
	}
	if _, err := hex.Decode(a[:], []byte(s[2:])); err != nil {
		return a, fmt.Errorf("%s: %q is not an address (0x and 40 hex digits)", field, s)
	}
	return a, nil
}

// FormatAddress is the canonical, lowercase form of an address; device IDs
// are stored in it.
func FormatAddress(a [20]byte) string { return "0x" + hex.EncodeToString(a[:]) }

// CanonicalAddress returns the canonical form of an address string.
func CanonicalAddress(field, s string) (string, error) {
	a, err := ParseAddress(field, s)
	if err != nil {
		return "", err
	}
	return FormatAddress(a), nil
}

// StructHash is the EIP-712 hashStruct of a reading (its Merkle leaf in
// batch anchoring). The device field must parse (ValidateBasic).
func (r *Reading) StructHash() (Hash, error) {
	device, err := ParseAddress("device", r.Device)
	if err != nil {
		return Hash{}, err
	}
	e := newStructEncoder(readingTypeHash, 9)
	e.address(device)
	e.uint64(r.Counter)
	e.uint64(r.DeviceTimeMs)
	e.str(r.MeasurementType)
	e.str(r.Value)
	e.str(r.Unit)
	e.strings(r.Epcs)
	e.str(r.Geo)
	e.str(r.Subject)
	return e.hash(), nil
}

// StructHash is the EIP-712 hashStruct of a batch header.
func (b *BatchHeader) StructHash() (Hash, error) {
	device, err := ParseAddress("device", b.Device)
	if err != nil {
		return Hash{}, err
	}
	if len(b.MerkleRoot) != 32 {
		return Hash{}, fmt.Errorf("merkle_root: %d bytes, want 32", len(b.MerkleRoot))
	}
	e := newStructEncoder(batchAnchorTypeHash, 7)
	e.address(device)
	e.uint64(b.FirstCounter)
	e.uint64(b.LastCounter)
	e.uint64(b.Count)
	e.uint64(b.FirstTimeMs)
	e.uint64(b.LastTimeMs)
	e.word(Hash(b.MerkleRoot))
	return e.hash(), nil
}

// RegistrationHash is the hashStruct of a proof of possession: the device
// names itself, the chain and the organization that registers it.
func RegistrationHash(device [20]byte, chainID, ownerOrg string) Hash {
	e := newStructEncoder(registrationTypeHash, 3)
	e.address(device)
	e.str(chainID)
	e.str(ownerOrg)
	return e.hash()
}

// KeyRotationHash is the hashStruct both keys sign to rotate a device's
// key; keyVersion is the version being replaced, so a rotation cannot be
// replayed.
func KeyRotationHash(device [20]byte, keyVersion uint64, newPublicKey []byte) Hash {
	e := newStructEncoder(keyRotationTypeHash, 3)
	e.address(device)
	e.uint64(keyVersion)
	e.bytes(newPublicKey)
	return e.hash()
}
