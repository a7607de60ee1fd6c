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
	legacy.RegisterAminoMsg(cdc, &MsgRegisterDevice{}, "device/MsgRegisterDevice")
	legacy.RegisterAminoMsg(cdc, &MsgRotateDeviceKey{}, "device/MsgRotateDeviceKey")
	legacy.RegisterAminoMsg(cdc, &MsgSetDeviceStatus{}, "device/MsgSetDeviceStatus")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateDevice{}, "device/MsgUpdateDevice")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitReadings{}, "device/MsgSubmitReadings")
	legacy.RegisterAminoMsg(cdc, &MsgAnchorBatch{}, "device/MsgAnchorBatch")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "device/MsgUpdateParams")
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterDevice{},
		&MsgRotateDeviceKey{},
		&MsgSetDeviceStatus{},
		&MsgUpdateDevice{},
		&MsgSubmitReadings{},
		&MsgAnchorBatch{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
