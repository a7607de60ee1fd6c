package types

import (
	golangproto "github.com/golang/protobuf/proto" //nolint:staticcheck // see init
)

// The REST gateway (grpc-gateway v1) turns an enum query parameter's name
// into its number through golang/protobuf's enum registry, which gogoproto
// types do not fill. Without this, ?direction=GENEALOGY_DIRECTION_UP is
// refused and only ?direction=1 works.
func init() {
	//nolint:staticcheck // grpc-gateway v1 reads enum names from this (deprecated) registry only
	golangproto.RegisterEnum("tracechain.trace.v1.GenealogyDirection", GenealogyDirection_name, GenealogyDirection_value)
}
