package types

// ModuleRecord is what another module writes about an organization.
type ModuleRecord struct {
	Subject, Counterparty string
	Kind                  RecordKind
	Value                 uint64
	DaysLate              uint32
	Weight                uint32
	Evidence              []string
	Note                  string
}
