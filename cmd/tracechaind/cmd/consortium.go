package cmd

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	"github.com/cosmos/cosmos-sdk/crypto/keys/multisig"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

// consortiumSpec describes who is in a new network: the authority multisig
// and the organizations with their accounts (networks/consortium.json).
type consortiumSpec struct {
	Authority     authoritySpec `json:"authority"`
	Organizations []orgSpec     `json:"organizations"`
	// Service optionally sets x/service terms: the settlement denom and the
	// confirm window (seconds).
	Service *serviceSpec `json:"service,omitempty"`
}

type authoritySpec struct {
	// Name of the multisig key, e.g. "authority".
	Name      string   `json:"name"`
	Threshold int      `json:"threshold"`
	Signers   []string `json:"signers"`
}

type orgSpec struct {
	ID       string        `json:"id"`
	Name     string        `json:"name"`
	Roles    []string      `json:"roles"`
	Accounts []accountSpec `json:"accounts"`
	// GS1Prefixes are the GS1 company prefixes the organization holds.
	GS1Prefixes []string `json:"gs1_prefixes,omitempty"`
}

type accountSpec struct {
	Name string `json:"name"`
	Role string `json:"role"`
}

// defaultConsortium is used when no --consortium file is given: a 2-of-3
// authority and one organization that operates the validators.
func defaultConsortium() consortiumSpec {
	return consortiumSpec{
		Authority: authoritySpec{Name: "authority", Threshold: 2, Signers: []string{"authority-1", "authority-2", "authority-3"}},
		Organizations: []orgSpec{{
			ID: "91350100MA2XY00118", Name: "Consortium Operations", Roles: []string{"validator-operator"},
			Accounts: []accountSpec{{Name: "operations-admin", Role: "admin"}},
		}},
	}
}

func loadConsortium(path string) (consortiumSpec, error) {
	if path == "" {
		return defaultConsortium(), nil
	}
	bz, err := os.ReadFile(path)
	if err != nil {
		return consortiumSpec{}, err
	}
	var spec consortiumSpec
	if err := json.Unmarshal(bz, &spec); err != nil {
		return consortiumSpec{}, fmt.Errorf("%s: %w", path, err)
	}
	return spec, spec.validate()
}

func (s consortiumSpec) validate() error {
	if s.Authority.Name == "" || len(s.Authority.Signers) == 0 {
		return fmt.Errorf("authority: a name and at least one signer are required")
	}
	if s.Authority.Threshold < 1 || s.Authority.Threshold > len(s.Authority.Signers) {
		return fmt.Errorf("authority: threshold %d must be between 1 and %d", s.Authority.Threshold, len(s.Authority.Signers))
	}
	operators := 0
	for i, o := range s.Organizations {
		if len(o.Accounts) == 0 || o.Accounts[0].Role != "admin" {
			return fmt.Errorf("organizations[%d] (%s): the first account must have role admin", i, o.ID)
		}
		for _, r := range o.Roles {
			role, err := membershiptypes.ParseOrgRole(r)
			if err != nil {
				return fmt.Errorf("organizations[%d] (%s): %w", i, o.ID, err)
			}
			if role == membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR {
				operators++
			}
		}
	}
	if operators == 0 {
		return fmt.Errorf("no organization holds the validator-operator role, so nobody can run the validators")
	}
	return nil
}

// operators lists the organizations that may run validators, in file order.
func (s consortiumSpec) operators() []string {
	var ids []string
	for _, o := range s.Organizations {
		for _, r := range o.Roles {
			if role, _ := membershiptypes.ParseOrgRole(r); role == membershiptypes.ORG_ROLE_VALIDATOR_OPERATOR {
				ids = append(ids, o.ID)
				break
			}
		}
	}
	return ids
}

// createKeys makes every key the spec names in kr and returns name → address.
func (s consortiumSpec) createKeys(kr keyring.Keyring) (map[string]string, error) {
	addrs := map[string]string{}
	newKey := func(name string) (cryptotypes.PubKey, error) {
		rec, _, err := kr.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", name, err)
		}
		pk, err := rec.GetPubKey()
		if err != nil {
			return nil, err
		}
		addrs[name], err = chainaddress.AccountAddressCodec().BytesToString(pk.Address())
		return pk, err
	}
	var signerKeys []cryptotypes.PubKey
	for _, name := range s.Authority.Signers {
		pk, err := newKey(name)
		if err != nil {
			return nil, err
		}
		signerKeys = append(signerKeys, pk)
	}
	ms := multisig.NewLegacyAminoPubKey(s.Authority.Threshold, signerKeys)
	if _, err := kr.SaveMultisig(s.Authority.Name, ms); err != nil {
		return nil, fmt.Errorf("multisig %s: %w", s.Authority.Name, err)
	}
	var err error
	if addrs[s.Authority.Name], err = chainaddress.AccountAddressCodec().BytesToString(ms.Address()); err != nil {
		return nil, err
	}
	for _, o := range s.Organizations {
		for _, a := range o.Accounts {
			if _, err := newKey(a.Name); err != nil {
				return nil, err
			}
		}
	}
	return addrs, nil
}

type serviceSpec struct {
	SettlementDenom      string `json:"settlement_denom,omitempty"`
	ConfirmWindowSeconds uint64 `json:"confirm_window_seconds,omitempty"`
}

// apply writes the authority, organizations, members and GS1 company
// prefixes into genesis.
func (s consortiumSpec) apply(e *genesisEditor, addrs map[string]string) error {
	if err := e.SetAuthority(addrs[s.Authority.Name]); err != nil {
		return err
	}
	for _, o := range s.Organizations {
		roles := make([]membershiptypes.OrgRole, 0, len(o.Roles))
		for _, r := range o.Roles {
			role, err := membershiptypes.ParseOrgRole(r)
			if err != nil {
				return err
			}
			roles = append(roles, role)
		}
		if err := e.AddOrganization(o.ID, o.Name, roles, addrs[o.Accounts[0].Name]); err != nil {
			return fmt.Errorf("organization %s: %w", o.ID, err)
		}
		for _, a := range o.Accounts[1:] {
			role, err := membershiptypes.ParseAccountRole(a.Role)
			if err != nil {
				return fmt.Errorf("account %s: %w", a.Name, err)
			}
			if err := e.AddMember(o.ID, addrs[a.Name], role); err != nil {
				return fmt.Errorf("account %s: %w", a.Name, err)
			}
		}
		for _, p := range o.GS1Prefixes {
			if err := e.AssignCompanyPrefix(o.ID, p); err != nil {
				return fmt.Errorf("organization %s: %w", o.ID, err)
			}
		}
	}
	if s.Service != nil {
		return e.SetServiceTerms(s.Service.SettlementDenom, s.Service.ConfirmWindowSeconds)
	}
	return nil
}
