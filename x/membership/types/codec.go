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
	legacy.RegisterAminoMsg(cdc, &MsgRegisterOrganization{}, "tracechain/membership/MsgRegisterOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateOrganization{}, "tracechain/membership/MsgUpdateOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgSuspendOrganization{}, "tracechain/membership/MsgSuspendOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgReinstateOrganization{}, "tracechain/membership/MsgReinstateOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgAddMember{}, "tracechain/membership/MsgAddMember")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateMemberRole{}, "tracechain/membership/MsgUpdateMemberRole")
	legacy.RegisterAminoMsg(cdc, &MsgRemoveMember{}, "tracechain/membership/MsgRemoveMember")
	legacy.RegisterAminoMsg(cdc, &MsgProposeAuthority{}, "tracechain/membership/MsgProposeAuthority")
	legacy.RegisterAminoMsg(cdc, &MsgAcceptAuthority{}, "tracechain/membership/MsgAcceptAuthority")
	legacy.RegisterAminoMsg(cdc, &MsgCancelAuthorityProposal{}, "tracechain/membership/MsgCancelAuthorityProposal")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "tracechain/membership/MsgUpdateParams")
}

// RegisterInterfaces registers the messages with the interface registry.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterOrganization{},
		&MsgUpdateOrganization{},
		&MsgSuspendOrganization{},
		&MsgReinstateOrganization{},
		&MsgAddMember{},
		&MsgUpdateMemberRole{},
		&MsgRemoveMember{},
		&MsgProposeAuthority{},
		&MsgAcceptAuthority{},
		&MsgCancelAuthorityProposal{},
		&MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
