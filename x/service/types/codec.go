package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the messages for amino JSON signing (Ledger).
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	for name, msg := range map[string]sdk.Msg{
		"service/MsgMint": &MsgMint{}, "service/MsgBurn": &MsgBurn{},
		"service/MsgCreateOffering": &MsgCreateOffering{}, "service/MsgUpdateOffering": &MsgUpdateOffering{},
		"service/MsgCreateOrder": &MsgCreateOrder{}, "service/MsgCancelOrder": &MsgCancelOrder{},
		"service/MsgAcceptOrder": &MsgAcceptOrder{}, "service/MsgDeliverOrder": &MsgDeliverOrder{},
		"service/MsgConfirmOrder": &MsgConfirmOrder{}, "service/MsgDisputeOrder": &MsgDisputeOrder{},
		"service/MsgResolveDispute": &MsgResolveDispute{}, "service/MsgUpdateParams": &MsgUpdateParams{},
	} {
		legacy.RegisterAminoMsg(cdc, msg, name)
	}
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgMint{}, &MsgBurn{}, &MsgCreateOffering{}, &MsgUpdateOffering{}, &MsgCreateOrder{}, &MsgCancelOrder{},
		&MsgAcceptOrder{}, &MsgDeliverOrder{}, &MsgConfirmOrder{}, &MsgDisputeOrder{}, &MsgResolveDispute{}, &MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
