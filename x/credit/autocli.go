package credit

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/tracechain/tracechain/x/credit/types"
)

func positional(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := make([]*autocliv1.PositionalArgDescriptor, 0, len(fields))
	for _, f := range fields {
		out = append(out, &autocliv1.PositionalArgDescriptor{ProtoField: f})
	}
	return out
}

// noteFlag renames the messages' note field: --note is the transaction memo.
var noteFlag = map[string]*autocliv1.FlagOptions{"note": {Name: "text", Usage: "the record's or decision's note"}}

// AutoCLIOptions builds `tracechaind query credit ...` and `tx credit ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Score", Use: "score [org-id]", Short: "An organization's score, grade and each factor's contribution now", PositionalArgs: positional("org_id")},
				{RpcMethod: "Record", Use: "record [record-id]", Short: "A credit record", PositionalArgs: positional("record_id")},
				{RpcMethod: "Records", Use: "records [org-id]", Short: "Records about an organization, newest first", PositionalArgs: positional("org_id")},
				{RpcMethod: "Restriction", Use: "restriction [org-id]", Short: "An organization's restriction and whether it is in force", PositionalArgs: positional("org_id")},
				{RpcMethod: "Restrictions", Use: "restrictions", Short: "The restriction list"},
				{RpcMethod: "Params", Use: "params", Short: "The scoring formula and limits"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "FileRecord", Use: "file-record [subject-org-id] [inspection-pass|inspection-fail|penalty|commendation] [severity 1-10]",
					Short:          "Record an inspection (certifiers, regulators), a penalty or a commendation (regulators) about another organization",
					Example:        "tracechaind tx credit file-record 91350300MA2XY0033T inspection-pass 1 --evidence LAB-2026-0042 --text 'aflatoxin below limit' --from lab-admin",
					PositionalArgs: positional("subject_org_id", "kind", "weight"),
					FlagOptions:    noteFlag,
				},
				{RpcMethod: "Appeal", Use: "appeal [record-id] [reason]", Short: "Contest a record about your organization (ADMIN)", PositionalArgs: positional("record_id", "reason")},
				{
					RpcMethod: "DecideAppeal", Use: "decide-appeal [record-id] [uphold true|false]",
					Short: "Uphold or void an appealed record (regulators)", PositionalArgs: positional("record_id", "uphold"),
					FlagOptions: noteFlag,
				},
				{
					RpcMethod: "Restrict", Use: "restrict [org-id] [reason]",
					Short: "List an organization: no new orders accepted, no new lots commissioned (regulators); --expires Unix seconds", PositionalArgs: positional("org_id", "reason"),
				},
				{
					RpcMethod: "LiftRestriction", Use: "lift-restriction [org-id]", Short: "Take an organization off the list (regulators)",
					PositionalArgs: positional("org_id"), FlagOptions: noteFlag,
				},
				{RpcMethod: "UpdateParams", Skip: true}, // authority, through a multisig tx built from JSON
			},
		},
	}
}
