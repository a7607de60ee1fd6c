package cmd

import (
	"encoding/json"
	"fmt"

	cmttypes "github.com/cometbft/cometbft/types"

	"cosmossdk.io/core/address"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// genesisEditor edits a genesis file's consortium: the authority, the
// organizations and members, and the validator set. Every edit validates
// the section it touches, so a mistake is reported when it is made rather
// than when the chain fails to start.
type genesisEditor struct {
	cdc       codec.Codec
	addrCodec address.Codec
	consCodec address.Codec
	doc       *genutiltypes.AppGenesis
	state     map[string]json.RawMessage
}

func loadGenesis(cdc codec.Codec, addrCodec, consCodec address.Codec, path string) (*genesisEditor, error) {
	doc, err := genutiltypes.AppGenesisFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	state := map[string]json.RawMessage{}
	if err := json.Unmarshal(doc.AppState, &state); err != nil {
		return nil, fmt.Errorf("%s: app_state: %w", path, err)
	}
	return &genesisEditor{cdc: cdc, addrCodec: addrCodec, consCodec: consCodec, doc: doc, state: state}, nil
}

func (e *genesisEditor) save(path string) error {
	bz, err := json.MarshalIndent(e.state, "", "  ")
	if err != nil {
		return err
	}
	e.doc.AppState = bz
	return e.doc.SaveAs(path)
}

// SetAuthority names the consortium authority in the consensus params.
func (e *genesisEditor) SetAuthority(addr string) error {
	if _, err := e.addrCodec.StringToBytes(addr); err != nil {
		return fmt.Errorf("authority %q: %w", addr, err)
	}
	if e.doc.Consensus == nil {
		e.doc.Consensus = &genutiltypes.ConsensusGenesis{Params: cmttypes.DefaultConsensusParams()}
	}
	if e.doc.Consensus.Params == nil {
		e.doc.Consensus.Params = cmttypes.DefaultConsensusParams()
	}
	e.doc.Consensus.Params.Authority.Authority = addr
	return nil
}

// AddOrganization registers an active organization with its first ADMIN.
func (e *genesisEditor) AddOrganization(id, name string, roles []membershiptypes.OrgRole, admin string) error {
	kind, err := membershiptypes.ParseOrgID(id)
	if err != nil {
		return err
	}
	sorted, err := membershiptypes.NormalizeOrgRoles(roles)
	if err != nil {
		return err
	}
	return e.editMembership(func(gs *membershiptypes.GenesisState) error {
		for _, o := range gs.Organizations {
			if o.Id == id {
				return fmt.Errorf("organization %s is already in genesis", id)
			}
		}
		gs.Organizations = append(gs.Organizations, membershiptypes.Organization{
			Id: id, IdKind: kind, Name: name, Roles: sorted, Status: membershiptypes.ORG_STATUS_ACTIVE,
		})
		gs.Members = append(gs.Members, membershiptypes.Member{Address: admin, OrgId: id, Role: membershiptypes.ACCOUNT_ROLE_ADMIN})
		return nil
	})
}

// AddMember adds an account to an organization already in genesis.
func (e *genesisEditor) AddMember(orgID, addr string, role membershiptypes.AccountRole) error {
	return e.editMembership(func(gs *membershiptypes.GenesisState) error {
		gs.Members = append(gs.Members, membershiptypes.Member{Address: addr, OrgId: orgID, Role: role})
		return nil
	})
}

// AddValidator adds a genesis validator operated by orgID, which must
// already be in genesis with the VALIDATOR_OPERATOR role.
func (e *genesisEditor) AddValidator(name string, pubkey cryptotypes.PubKey, power int64, orgID string) (string, error) {
	var members membershiptypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[membershiptypes.ModuleName], &members); err != nil {
		return "", fmt.Errorf("membership genesis: %w", err)
	}
	found := false
	for _, o := range members.Organizations {
		if o.Id == orgID {
			if !o.HasRole(membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR) {
				return "", fmt.Errorf("organization %s does not hold the VALIDATOR_OPERATOR role", orgID)
			}
			found = true
		}
	}
	if !found {
		return "", fmt.Errorf("organization %s is not in genesis; add it first", orgID)
	}
	pkAny, err := codectypes.NewAnyWithValue(pubkey)
	if err != nil {
		return "", err
	}
	consAddr, err := e.consCodec.BytesToString(pubkey.Address())
	if err != nil {
		return "", err
	}
	var gs poatypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[poatypes.ModuleName], &gs); err != nil {
		return "", fmt.Errorf("poa genesis: %w", err)
	}
	gs.Validators = append(gs.Validators, poatypes.Validator{
		Name: name, ConsensusPubkey: pkAny, ConsensusAddress: consAddr, Power: power, OperatorOrgId: orgID,
	})
	if err := gs.Validate(e.cdc, e.consCodec); err != nil {
		return "", fmt.Errorf("poa genesis: %w", err)
	}
	bz, err := e.cdc.MarshalJSON(&gs)
	if err != nil {
		return "", err
	}
	e.state[poatypes.ModuleName] = bz
	return consAddr, nil
}

// AssignCompanyPrefix records that an organization already in genesis
// holds a GS1 company prefix, so that it may commission objects under it.
func (e *genesisEditor) AssignCompanyPrefix(orgID, prefix string) error {
	orgs, err := e.organizations()
	if err != nil {
		return err
	}
	if _, ok := orgs[orgID]; !ok {
		return fmt.Errorf("organization %s is not in genesis; add it first", orgID)
	}
	var gs tracetypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[tracetypes.ModuleName], &gs); err != nil {
		return fmt.Errorf("trace genesis: %w", err)
	}
	gs.CompanyPrefixes = append(gs.CompanyPrefixes, tracetypes.CompanyPrefix{Prefix: prefix, OrgId: orgID})
	if err := gs.Validate(); err != nil {
		return fmt.Errorf("trace genesis: %w", err)
	}
	bz, err := e.cdc.MarshalJSON(&gs)
	if err != nil {
		return err
	}
	e.state[tracetypes.ModuleName] = bz
	return nil
}

// organizations maps the organization IDs in genesis to their records.
func (e *genesisEditor) organizations() (map[string]membershiptypes.Organization, error) {
	var members membershiptypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[membershiptypes.ModuleName], &members); err != nil {
		return nil, fmt.Errorf("membership genesis: %w", err)
	}
	out := make(map[string]membershiptypes.Organization, len(members.Organizations))
	for _, o := range members.Organizations {
		out[o.Id] = o
	}
	return out, nil
}

func (e *genesisEditor) editMembership(edit func(gs *membershiptypes.GenesisState) error) error {
	var gs membershiptypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[membershiptypes.ModuleName], &gs); err != nil {
		return fmt.Errorf("membership genesis: %w", err)
	}
	if err := edit(&gs); err != nil {
		return err
	}
	if err := gs.Validate(e.addrCodec); err != nil {
		return fmt.Errorf("membership genesis: %w", err)
	}
	bz, err := e.cdc.MarshalJSON(&gs)
	if err != nil {
		return err
	}
	e.state[membershiptypes.ModuleName] = bz
	return nil
}

// CheckConsortium runs the checks no single module can: an authority is
// named, every validator's operator organization is there, and every GS1
// company prefix is held by an organization in genesis.
func (e *genesisEditor) CheckConsortium() error {
	if e.doc.Consensus == nil || e.doc.Consensus.Params == nil || e.doc.Consensus.Params.Authority.Authority == "" {
		return fmt.Errorf("no consortium authority: run `tracechaind genesis set-authority`")
	}
	var members membershiptypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[membershiptypes.ModuleName], &members); err != nil {
		return fmt.Errorf("membership genesis: %w", err)
	}
	operators := map[string]bool{}
	for _, o := range members.Organizations {
		operators[o.Id] = o.IsActive() && o.HasRole(membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR)
	}
	var validators poatypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[poatypes.ModuleName], &validators); err != nil {
		return fmt.Errorf("poa genesis: %w", err)
	}
	if len(validators.Validators) == 0 {
		return fmt.Errorf("no genesis validator: run `tracechaind genesis add-validator`")
	}
	for i, v := range validators.Validators {
		if !operators[v.OperatorOrgId] {
			return fmt.Errorf("poa validators[%d] (%s): organization %s is not an active VALIDATOR_OPERATOR in genesis", i, v.Name, v.OperatorOrgId)
		}
	}
	var trace tracetypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[tracetypes.ModuleName], &trace); err != nil {
		return fmt.Errorf("trace genesis: %w", err)
	}
	for i, p := range trace.CompanyPrefixes {
		if _, ok := operators[p.OrgId]; !ok {
			return fmt.Errorf("trace company_prefixes[%d] (%s): organization %s is not in genesis", i, p.Prefix, p.OrgId)
		}
	}
	return nil
}

// SetServiceTerms sets the settlement denom and the confirm window of
// x/service (a demo network shortens the window to watch it lapse).
func (e *genesisEditor) SetServiceTerms(denom string, confirmWindowSeconds uint64) error {
	var gs servicetypes.GenesisState
	if err := e.cdc.UnmarshalJSON(e.state[servicetypes.ModuleName], &gs); err != nil {
		return fmt.Errorf("service genesis: %w", err)
	}
	if denom != "" {
		gs.Params.SettlementDenom = denom
	}
	if confirmWindowSeconds != 0 {
		gs.Params.ConfirmWindowSeconds = confirmWindowSeconds
	}
	if err := gs.Validate(); err != nil {
		return fmt.Errorf("service genesis: %w", err)
	}
	bz, err := e.cdc.MarshalJSON(&gs)
	if err != nil {
		return err
	}
	e.state[servicetypes.ModuleName] = bz
	return nil
}
