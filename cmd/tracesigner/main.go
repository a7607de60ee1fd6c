// Command tracesigner is the device side of TraceChain: key generation on
// secp256k1 or P-256, proofs of possession, signed readings, submission
// as the device or through a gateway, batch anchors with Merkle proofs,
// offline verification, and a fleet simulator for load.
package main

import (
	"fmt"
	"os"

	"github.com/tracechain/tracechain/cmd/tracesigner/cmd"
)

func main() {
	if err := cmd.NewRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
