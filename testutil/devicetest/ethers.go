package devicetest

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// EthersVectors is scripts/eip712-vectors.sh's output: TraceChain typed
// data signed by ethers.js v6 signTypedData.
type EthersVectors struct {
	ChainID         string `json:"chainId"`
	OwnerOrg        string `json:"ownerOrg"`
	Salt            string `json:"salt"`
	DomainSeparator string `json:"domainSeparator"`
	Devices         []struct {
		PrivateKey        string `json:"privateKey"`
		Address           string `json:"address"`
		PublicKey         string `json:"publicKey"`
		ProofOfPossession string `json:"proofOfPossession"`
		Readings          []struct {
			Device          string   `json:"device"`
			Counter         string   `json:"counter"`
			DeviceTime      string   `json:"deviceTime"`
			MeasurementType string   `json:"measurementType"`
			Value           string   `json:"value"`
			Unit            string   `json:"unit"`
			Epcs            []string `json:"epcs"`
			Geo             string   `json:"geo"`
			Subject         string   `json:"subject"`
			Signature       string   `json:"signature"`
			StructHash      string   `json:"structHash"`
			Digest          string   `json:"digest"`
		} `json:"readings"`
		Batch struct {
			FirstCounter string `json:"firstCounter"`
			LastCounter  string `json:"lastCounter"`
			Count        string `json:"count"`
			FirstTime    string `json:"firstTime"`
			LastTime     string `json:"lastTime"`
			MerkleRoot   string `json:"merkleRoot"`
			Signature    string `json:"signature"`
			StructHash   string `json:"structHash"`
		} `json:"batch"`
	} `json:"devices"`
}

// LoadEthersVectors reads the committed vectors; the Go tests need no npm.
func LoadEthersVectors(t testing.TB, path string) EthersVectors {
	t.Helper()
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	var v EthersVectors
	require.NoError(t, json.Unmarshal(bz, &v))
	require.NotEmpty(t, v.Devices)
	return v
}
