// Command tracechaind is the TraceChain node: init, start, keys, tx, query,
// genesis helpers and localnet generation.
package main

import (
	"fmt"
	"os"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/tracechain/tracechain/app"
	"github.com/tracechain/tracechain/cmd/tracechaind/cmd"
)

func main() {
	chainaddress.SetAddressPrefixes()
	if err := svrcmd.Execute(cmd.NewRootCmd(), "TRACECHAIND", app.DefaultNodeHome()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
