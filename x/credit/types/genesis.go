package types

import "fmt"

// DefaultGenesis has no records and formula v1; the first record gets ID 1.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextRecordId: 1}
}

// Validate checks the genesis state on its own.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	if gs.NextRecordId == 0 {
		return fmt.Errorf("next_record_id starts at 1")
	}
	seen := map[uint64]bool{}
	for i, r := range gs.Records {
		if r.Id == 0 || r.Id >= gs.NextRecordId || seen[r.Id] {
			return fmt.Errorf("records[%d]: ID %d is zero, duplicate or not below next_record_id", i, r.Id)
		}
		if r.SubjectOrgId == "" || r.Kind == RECORD_KIND_UNSPECIFIED || r.Status == RECORD_STATUS_UNSPECIFIED {
			return fmt.Errorf("records[%d]: subject, kind and status are required", i)
		}
		seen[r.Id] = true
	}
	orgs := map[string]bool{}
	for i, x := range gs.Restrictions {
		if x.OrgId == "" || x.Reason == "" || orgs[x.OrgId] {
			return fmt.Errorf("restrictions[%d]: org and reason required, one restriction per org", i)
		}
		orgs[x.OrgId] = true
	}
	return nil
}
