package trace

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/tracechain/tracechain/x/trace/types"
)

// objectIDHelp documents the identifier forms every object query accepts.
const objectIDHelp = "an EPC URN (urn:epc:id:sgtin:..., urn:epc:class:lgtin:...) or a GS1 Digital Link URI"

func positional(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := make([]*autocliv1.PositionalArgDescriptor, 0, len(fields))
	for _, f := range fields {
		out = append(out, &autocliv1.PositionalArgDescriptor{ProtoField: f})
	}
	return out
}

// AutoCLIOptions builds `tracechaind query trace ...` and the trace
// transactions other than capture, which GetTxCmd provides.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Object", Use: "object [id]", Short: "State of an object: owner, custodian, location, quantity, recall; id is " + objectIDHelp, PositionalArgs: positional("id")},
				{RpcMethod: "Objects", Use: "objects", Short: "List objects"},
				{RpcMethod: "ObjectEvents", Use: "object-events [id]", Short: "Events that named an object, in capture order", PositionalArgs: positional("id")},
				{RpcMethod: "Event", Use: "event [event-id]", Short: "A captured EPCIS event, as recorded", PositionalArgs: positional("event_id")},
				{
					RpcMethod: "Genealogy", Use: "genealogy [id]",
					Short:          "Walk sources (--direction up), products and containers (down) or both, to --depth levels",
					Example:        "tracechaind query trace genealogy urn:epc:id:sscc:6901234.0000000017 --direction up --depth 10",
					PositionalArgs: positional("id"),
				},
				{RpcMethod: "Recall", Use: "recall [recall-id]", Short: "A recall and how far it has propagated", PositionalArgs: positional("recall_id")},
				{RpcMethod: "Recalls", Use: "recalls", Short: "List recalls"},
				{RpcMethod: "RecallAffected", Use: "recall-affected [recall-id]", Short: "Objects a recall has reached", PositionalArgs: positional("recall_id")},
				{RpcMethod: "RecallHolders", Use: "recall-holders [recall-id]", Short: "Organizations holding recalled goods and their acknowledgements", PositionalArgs: positional("recall_id")},
				{RpcMethod: "Certification", Use: "certification [certification-id]", Short: "A certification and whether it is valid now", PositionalArgs: positional("certification_id")},
				{RpcMethod: "Certifications", Use: "certifications [subject]", Short: "Certifications of an object or an organization", PositionalArgs: positional("subject")},
				{RpcMethod: "Product", Use: "product [gtin]", Short: "Master data of a GTIN", PositionalArgs: positional("gtin")},
				{RpcMethod: "Products", Use: "products", Short: "List products"},
				{RpcMethod: "Location", Use: "location [gln-or-sgln]", Short: "Master data of a location", PositionalArgs: positional("id")},
				{RpcMethod: "Locations", Use: "locations", Short: "List locations"},
				{RpcMethod: "CompanyPrefixes", Use: "company-prefixes", Short: "GS1 company prefixes and the organizations holding them"},
				{RpcMethod: "Params", Use: "params", Short: "Capture, recall and genealogy limits"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:              types.Msg_serviceDesc.ServiceName,
			EnhanceCustomCommand: true,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "CaptureEvents", Skip: true}, // `capture FILE` reads the document from a file
				{
					RpcMethod: "AssignCompanyPrefix", Use: "assign-company-prefix [org-id] [prefix]",
					Short: "Record the organization licensed to a GS1 company prefix (authority)", PositionalArgs: positional("org_id", "prefix"),
				},
				{
					RpcMethod: "RegisterProduct", Use: "register-product [gtin] [name]",
					Short:          "Register master data of a GTIN of your organization",
					Example:        "tracechaind tx trace register-product 06901234000017 'Winter wheat' --category grain --min-temperature-celsius 0 --max-temperature-celsius 25 --from mill-admin",
					PositionalArgs: positional("gtin", "name"),
				},
				{
					RpcMethod: "RegisterLocation", Use: "register-location [gln-or-sgln] [name]",
					Short: "Register master data of a location of your organization", PositionalArgs: positional("id", "name"),
				},
				{
					RpcMethod: "RecallLot", Use: "recall [object-id] [reason]",
					Short: "Recall a lot (owner, brand owner or regulator); everything derived from it follows", PositionalArgs: positional("object_id", "reason"),
				},
				{
					RpcMethod: "AcknowledgeRecall", Use: "acknowledge-recall [recall-id] [note]",
					Short: "Confirm your organization has acted on a recall", PositionalArgs: positional("recall_id", "note"),
				},
				{
					RpcMethod: "Certify", Use: "certify [subject] [kind]",
					Short:          "Certify a lot or an organization (CERTIFIER organizations); kind is organic, inspection-pass, inspection-fail, lab-report or other",
					Example:        "tracechaind tx trace certify urn:epc:class:lgtin:6901234.012345.WH-2026-07 organic --valid-until 2027-07-01T00:00:00Z --from lab-admin",
					PositionalArgs: positional("subject", "kind"),
				},
				{
					RpcMethod: "RevokeCertification", Use: "revoke-certification [certification-id] [reason]",
					Short: "Withdraw a certification your organization issued", PositionalArgs: positional("certification_id", "reason"),
				},
				{
					RpcMethod: "UpdateParams", Use: "update-params [params-json]",
					Short: "Replace the trace limits (authority)", PositionalArgs: positional("params"),
				},
			},
		},
	}
}
