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
	legacy.RegisterAminoMsg(cdc, &MsgFileRecord{}, "credit/MsgFileRecord")
	legacy.RegisterAminoMsg(cdc, &MsgAppeal{}, "credit/MsgAppeal")
	legacy.RegisterAminoMsg(cdc, &MsgDecideAppeal{}, "credit/MsgDecideAppeal")
	legacy.RegisterAminoMsg(cdc, &MsgRestrict{}, "credit/MsgRestrict")
	legacy.RegisterAminoMsg(cdc, &MsgLiftRestriction{}, "credit/MsgLiftRestriction")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "credit/MsgUpdateParams")
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgFileRecord{}, &MsgAppeal{}, &MsgDecideAppeal{}, &MsgRestrict{}, &MsgLiftRestriction{}, &MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
