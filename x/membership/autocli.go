package membership

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/tracechain/tracechain/x/membership/types"
)

// AutoCLIOptions builds `tracechaind tx|query membership ...` from the proto services.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Organization", Use: "organization [org-id]", Short: "Show one organization",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "org_id"}},
				},
				{RpcMethod: "Organizations", Use: "organizations", Short: "List organizations"},
				{
					RpcMethod: "Member", Use: "member [address]", Short: "Show an account's membership",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod: "Members", Use: "members [org-id]", Short: "List an organization's member accounts",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "org_id"}},
				},
				{RpcMethod: "Authority", Use: "authority", Short: "Show the consortium authority and any pending hand-over"},
				{
					RpcMethod: "Permission", Use: "permission [address] [msg-type-url]", Short: "May this account send this message type? If not, why",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "msg_type_url"}},
				},
				{RpcMethod: "Params", Use: "params", Short: "Show the admission limits"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "RegisterOrganization", Use: "register-organization [id] [name] [admin] [roles...]",
					Short:   "Admit an organization with its first ADMIN (authority)",
					Example: "tracechaind tx membership register-organization 911101080000000018 \"Green Farm\" trace1... enterprise --from authority",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "id"}, {ProtoField: "name"}, {ProtoField: "admin"}, {ProtoField: "roles", Varargs: true},
					},
				},
				{
					RpcMethod: "UpdateOrganization", Use: "update-organization [org-id] [name] [roles...]",
					Short: "Rename an organization and replace its roles (authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "org_id"}, {ProtoField: "name"}, {ProtoField: "roles", Varargs: true},
					},
				},
				{
					RpcMethod: "SuspendOrganization", Use: "suspend-organization [org-id] [reason]",
					Short:          "Stop an organization's members from transacting (authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "org_id"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod: "ReinstateOrganization", Use: "reinstate-organization [org-id]",
					Short:          "Lift a suspension (authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "org_id"}},
				},
				{
					RpcMethod: "AddMember", Use: "add-member [org-id] [address] [role]",
					Short:          "Add an account to an organization (authority or the organization's ADMIN)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "org_id"}, {ProtoField: "address"}, {ProtoField: "role"}},
				},
				{
					RpcMethod: "UpdateMemberRole", Use: "update-member-role [address] [role]",
					Short:          "Change a member's account role (authority or the organization's ADMIN)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}, {ProtoField: "role"}},
				},
				{
					RpcMethod: "RemoveMember", Use: "remove-member [address]",
					Short:          "Remove an account from its organization (authority or the organization's ADMIN)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod: "ProposeAuthority", Use: "propose-authority [new-authority]",
					Short:          "Step 1 of an authority hand-over (current authority)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "new_authority"}},
				},
				{
					RpcMethod: "AcceptAuthority", Use: "accept-authority",
					Short: "Step 2 of an authority hand-over (signed by the proposed authority)",
				},
				{
					RpcMethod: "CancelAuthorityProposal", Use: "cancel-authority-proposal",
					Short: "Withdraw a pending hand-over (current authority)",
				},
				{
					RpcMethod: "UpdateParams", Use: "update-params [params-json]",
					Short:          "Replace the admission limits (authority)",
					Example:        `tracechaind tx membership update-params '{"max_msgs_per_tx":32,"max_tx_bytes":"1048576"}' --from authority`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				},
			},
		},
	}
}
