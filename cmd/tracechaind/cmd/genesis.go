package cmd

import (
	"fmt"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	"github.com/cometbft/cometbft/privval"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	cryptocodec "github.com/cosmos/cosmos-sdk/crypto/codec"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/types/module"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"

	"github.com/tracechain/tracechain/app"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

const flagPubKey = "pubkey"

// genesisCommand groups the genesis helpers. There is no gentx: the
// consortium writes its validators into genesis directly.
func genesisCommand(txConfig client.TxConfig, basicManager module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "genesis",
		Short:                      "Build the consortium's genesis file",
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	home := app.DefaultNodeHome()
	cmd.AddCommand(
		genutilcli.AddGenesisAccountCmd(home, txConfig.SigningContext().AddressCodec()),
		setAuthorityCmd(),
		addOrganizationCmd(),
		addMemberCmd(),
		addValidatorCmd(),
		addCompanyPrefixCmd(),
		validateGenesisCmd(basicManager),
	)
	return cmd
}

// withGenesis opens the home's genesis.json, runs edit and saves the result.
func withGenesis(cmd *cobra.Command, edit func(e *genesisEditor, clientCtx client.Context) error) error {
	clientCtx := client.GetClientContextFromCmd(cmd)
	path := server.GetServerContextFromCmd(cmd).Config.GenesisFile()
	e, err := loadGenesis(clientCtx.Codec, chainaddress.AccountAddressCodec(), chainaddress.ConsensusAddressCodec(), path)
	if err != nil {
		return err
	}
	if err := edit(e, clientCtx); err != nil {
		return err
	}
	return e.save(path)
}

// resolveAddress accepts a bech32 address or the name of a key in the keyring.
func resolveAddress(clientCtx client.Context, s string) (string, error) {
	if _, err := chainaddress.AccountAddressCodec().StringToBytes(s); err == nil {
		return s, nil
	}
	if clientCtx.Keyring == nil {
		return "", fmt.Errorf("%q is not an address and no keyring is open", s)
	}
	rec, err := clientCtx.Keyring.Key(s)
	if err != nil {
		return "", fmt.Errorf("%q is neither an address nor a key in the keyring: %w", s, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return "", err
	}
	return chainaddress.AccountAddressCodec().BytesToString(addr)
}

func setAuthorityCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "set-authority [address-or-key]",
		Short: "Name the consortium authority (usually a multisig: keys add NAME --multisig a,b,c --multisig-threshold 2)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withGenesis(cmd, func(e *genesisEditor, clientCtx client.Context) error {
				addr, err := resolveAddress(clientCtx, args[0])
				if err != nil {
					return err
				}
				return e.SetAuthority(addr)
			})
		},
	}
	flags.AddKeyringFlags(cmd.Flags())
	return cmd
}

func addOrganizationCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "add-org [id] [name] [admin-address-or-key] [roles...]",
		Short:   "Add an organization with its first ADMIN account",
		Example: `tracechaind genesis add-org 91350100M000100Y43 "Fujian Cold Chain" alice enterprise`,
		Args:    cobra.MinimumNArgs(4),
		RunE: func(cmd *cobra.Command, args []string) error {
			roles := make([]membershiptypes.OrgRole, 0, len(args)-3)
			for _, s := range args[3:] {
				r, err := membershiptypes.ParseOrgRole(s)
				if err != nil {
					return err
				}
				roles = append(roles, r)
			}
			return withGenesis(cmd, func(e *genesisEditor, clientCtx client.Context) error {
				admin, err := resolveAddress(clientCtx, args[2])
				if err != nil {
					return err
				}
				return e.AddOrganization(args[0], args[1], roles, admin)
			})
		},
	}
	flags.AddKeyringFlags(cmd.Flags())
	return cmd
}

func addCompanyPrefixCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "add-company-prefix [org-id] [gs1-company-prefix]",
		Short:   "Record that an organization holds a GS1 company prefix: only it commissions objects under it",
		Example: "tracechaind genesis add-company-prefix 91350200MA2XY0022H 6901234",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withGenesis(cmd, func(e *genesisEditor, _ client.Context) error {
				return e.AssignCompanyPrefix(args[0], args[1])
			})
		},
	}
}

func addMemberCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-member [org-id] [address-or-key] [role]",
		Short: "Add a member account (admin, operator, device or gateway) to an organization",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			role, err := membershiptypes.ParseAccountRole(args[2])
			if err != nil {
				return err
			}
			return withGenesis(cmd, func(e *genesisEditor, clientCtx client.Context) error {
				addr, err := resolveAddress(clientCtx, args[1])
				if err != nil {
					return err
				}
				return e.AddMember(args[0], addr, role)
			})
		},
	}
	flags.AddKeyringFlags(cmd.Flags())
	return cmd
}

func addValidatorCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-validator [name] [power] [operator-org-id]",
		Short: "Add a genesis validator; the key defaults to this home's priv_validator_key.json",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			var power int64
			if _, err := fmt.Sscan(args[1], &power); err != nil {
				return fmt.Errorf("power %q: %w", args[1], err)
			}
			return withGenesis(cmd, func(e *genesisEditor, clientCtx client.Context) error {
				pk, err := validatorKey(cmd, clientCtx)
				if err != nil {
					return err
				}
				consAddr, err := e.AddValidator(args[0], pk, power, args[2])
				if err != nil {
					return err
				}
				_, err = fmt.Fprintf(cmd.OutOrStdout(), "validator %s (%s) added with power %d\n", args[0], consAddr, power)
				return err
			})
		},
	}
	cmd.Flags().String(flagPubKey, "", `consensus key as JSON, e.g. '{"@type":"/cosmos.crypto.ed25519.PubKey","key":"..."}'`)
	return cmd
}

// validatorKey reads --pubkey or, by default, the home's own validator key.
func validatorKey(cmd *cobra.Command, clientCtx client.Context) (cryptotypes.PubKey, error) {
	if s, _ := cmd.Flags().GetString(flagPubKey); s != "" {
		var pk cryptotypes.PubKey
		if err := clientCtx.Codec.UnmarshalInterfaceJSON([]byte(s), &pk); err != nil {
			return nil, fmt.Errorf("--%s: %w", flagPubKey, err)
		}
		return pk, nil
	}
	cfg := server.GetServerContextFromCmd(cmd).Config
	pv := privval.LoadFilePV(cfg.PrivValidatorKeyFile(), cfg.PrivValidatorStateFile())
	cmtKey, err := pv.GetPubKey()
	if err != nil {
		return nil, err
	}
	return cryptocodec.FromCmtPubKeyInterface(cmtKey)
}

func validateGenesisCmd(basicManager module.BasicManager) *cobra.Command {
	sdkValidate := genutilcli.ValidateGenesisCmd(basicManager)
	return &cobra.Command{
		Use:   "validate [file]",
		Short: "Validate genesis: every module's section, the authority and the validators' operators",
		Args:  cobra.RangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := sdkValidate.RunE(cmd, args); err != nil {
				return err
			}
			clientCtx := client.GetClientContextFromCmd(cmd)
			path := server.GetServerContextFromCmd(cmd).Config.GenesisFile()
			if len(args) == 1 {
				path = args[0]
			}
			e, err := loadGenesis(clientCtx.Codec, chainaddress.AccountAddressCodec(), chainaddress.ConsensusAddressCodec(), path)
			if err != nil {
				return err
			}
			if err := e.CheckConsortium(); err != nil {
				return err
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), "consortium checks passed")
			return err
		},
	}
}
