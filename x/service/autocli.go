package service

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/tracechain/tracechain/x/service/types"
)

func positional(fields ...string) []*autocliv1.PositionalArgDescriptor {
	out := make([]*autocliv1.PositionalArgDescriptor, 0, len(fields))
	for _, f := range fields {
		out = append(out, &autocliv1.PositionalArgDescriptor{ProtoField: f})
	}
	return out
}

// noteFlag renames messages' note field: --note is the transaction memo.
var noteFlag = map[string]*autocliv1.FlagOptions{"note": {Name: "text", Usage: "the arbiter's note"}}

// AutoCLIOptions builds `tracechaind query service ...` and `tx service ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Offering", Use: "offering [offering-id]", Short: "A service offering", PositionalArgs: positional("offering_id")},
				{RpcMethod: "Offerings", Use: "offerings", Short: "List offerings"},
				{RpcMethod: "Order", Use: "order [order-id]", Short: "An order: state, escrow, deadlines, evidence, dispute, resolution", PositionalArgs: positional("order_id")},
				{RpcMethod: "Orders", Use: "orders [org-id]", Short: "Orders an organization provides or consumes", PositionalArgs: positional("org_id")},
				{RpcMethod: "Escrow", Use: "escrow", Short: "The escrow account's balance against the open orders' escrow"},
				{RpcMethod: "Params", Use: "params", Short: "Settlement denom, windows and limits"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Mint", Use: "mint [recipient] [amount]", Short: "Issue settlement coins (ISSUER organizations)", PositionalArgs: positional("recipient", "amount")},
				{RpcMethod: "Burn", Use: "burn [amount]", Short: "Destroy settlement coins you hold (ISSUER organizations)", PositionalArgs: positional("amount")},
				{
					RpcMethod: "CreateOffering", Use: "create-offering [category] [title] [unit-price] [unit]",
					Short:          "Offer a service of your organization; --sla sets deliver-within and storage limits",
					Example:        `tracechaind tx service create-offering logistics "Reefer truck, 5-25 °C" 500000 pallet --sla '{"deliver_within_seconds":86400,"min_temperature_celsius":"5","max_temperature_celsius":"25"}' --from logistics-admin`,
					PositionalArgs: positional("category", "title", "unit_price", "unit"),
				},
				{
					RpcMethod: "UpdateOffering", Use: "update-offering [offering-id] [unit-price] [active]",
					Short: "Change an offering's price or withdraw it", PositionalArgs: positional("offering_id", "unit_price", "active"),
				},
				{
					RpcMethod: "CreateOrder", Use: "create-order [offering-id] [quantity]",
					Short: "Order a service; its price is escrowed (--linked-objects: lots and pallets it handles)", PositionalArgs: positional("offering_id", "quantity"),
				},
				{RpcMethod: "CancelOrder", Use: "cancel-order [order-id]", Short: "Withdraw an order not yet accepted (refund)", PositionalArgs: positional("order_id")},
				{RpcMethod: "AcceptOrder", Use: "accept-order [order-id]", Short: "Accept an order as its provider", PositionalArgs: positional("order_id")},
				{
					RpcMethod: "DeliverOrder", Use: "deliver-order [order-id]",
					Short: "Declare delivery with --evidence (trace event IDs, device anchors DEVICE:COUNTER)", PositionalArgs: positional("order_id"),
				},
				{RpcMethod: "ConfirmOrder", Use: "confirm-order [order-id]", Short: "Accept a delivery; the escrow goes to the provider", PositionalArgs: positional("order_id")},
				{RpcMethod: "DisputeOrder", Use: "dispute-order [order-id] [reason]", Short: "Contest a delivery", PositionalArgs: positional("order_id", "reason")},
				{
					RpcMethod: "ResolveDispute", Use: "resolve-dispute [order-id] [provider-amount]",
					Short: "Split a disputed escrow (ARBITER organizations); the consumer gets the rest", PositionalArgs: positional("order_id", "provider_amount"),
					FlagOptions: noteFlag,
				},
				{RpcMethod: "UpdateParams", Skip: true}, // authority, through a multisig tx built from JSON
			},
		},
	}
}
