package app_test

import (
	"strings"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"

	_ "github.com/tracechain/tracechain/app"
)

// No TraceChain message has a map field: gogoproto marshals maps in Go's
// random iteration order, so a stored value (or an event, or a response
// hashed into a block) with one would give each node other bytes.
func TestNoMapFieldsInTraceChainProtos(t *testing.T) {
	files, err := gogoproto.MergedRegistry()
	require.NoError(t, err)
	seen := 0
	files.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "tracechain.") {
			return true
		}
		seen++
		var walk func(protoreflect.MessageDescriptors)
		walk = func(msgs protoreflect.MessageDescriptors) {
			for i := 0; i < msgs.Len(); i++ {
				m := msgs.Get(i)
				if m.IsMapEntry() {
					continue
				}
				for j := 0; j < m.Fields().Len(); j++ {
					f := m.Fields().Get(j)
					require.False(t, f.IsMap(), "%s.%s is a map", m.FullName(), f.Name())
				}
				walk(m.Messages())
			}
		}
		walk(fd.Messages())
		return true
	})
	require.Greater(t, seen, 10, "the TraceChain proto files are registered")
}
