package cmd

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"

	"github.com/tracechain/tracechain/x/device/types"
)

// Readings travel between commands as JSON lines, one reading each, in
// the chain's protobuf JSON (what `tracechaind query device reading` shows).
var jsonCodec = codec.NewProtoCodec(codectypes.NewInterfaceRegistry())

func writeReading(w io.Writer, r *types.Reading) error {
	bz, err := jsonCodec.MarshalJSON(r)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", bz)
	return err
}

// readReadings reads JSON lines from files ("-" is standard input).
func readReadings(paths []string) ([]types.Reading, error) {
	var out []types.Reading
	for _, p := range paths {
		var src io.Reader = os.Stdin
		if p != "-" {
			f, err := os.Open(p)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			src = f
		}
		sc := bufio.NewScanner(src)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for line := 1; sc.Scan(); line++ {
			text := bytes.TrimSpace(sc.Bytes())
			if len(text) == 0 {
				continue
			}
			var r types.Reading
			if err := jsonCodec.UnmarshalJSON(text, &r); err != nil {
				return nil, fmt.Errorf("%s line %d: %w", p, line, err)
			}
			out = append(out, r)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no readings in %v", paths)
	}
	return out, nil
}
