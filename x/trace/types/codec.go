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
	legacy.RegisterAminoMsg(cdc, &MsgCaptureEvents{}, "trace/MsgCaptureEvents")
	legacy.RegisterAminoMsg(cdc, &MsgAssignCompanyPrefix{}, "trace/MsgAssignCompanyPrefix")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterProduct{}, "trace/MsgRegisterProduct")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterLocation{}, "trace/MsgRegisterLocation")
	legacy.RegisterAminoMsg(cdc, &MsgRecallLot{}, "trace/MsgRecallLot")
	legacy.RegisterAminoMsg(cdc, &MsgAcknowledgeRecall{}, "trace/MsgAcknowledgeRecall")
	legacy.RegisterAminoMsg(cdc, &MsgCertify{}, "trace/MsgCertify")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeCertification{}, "trace/MsgRevokeCertification")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "trace/MsgUpdateParams")
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgCaptureEvents{},
		&MsgAssignCompanyPrefix{},
		&MsgRegisterProduct{},
		&MsgRegisterLocation{},
		&MsgRecallLot{},
		&MsgAcknowledgeRecall{},
		&MsgCertify{},
		&MsgRevokeCertification{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
