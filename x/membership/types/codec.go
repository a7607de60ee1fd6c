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
	legacy.RegisterAminoMsg(cdc, &MsgRegisterOrganization{}, "membership/MsgRegisterOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateOrganization{}, "membership/MsgUpdateOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgSuspendOrganization{}, "membership/MsgSuspendOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgReinstateOrganization{}, "membership/MsgReinstateOrganization")
	legacy.RegisterAminoMsg(cdc, &MsgAddMember{}, "membership/MsgAddMember")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateMemberRole{}, "membership/MsgUpdateMemberRole")
	legacy.RegisterAminoMsg(cdc, &MsgRemoveMember{}, "membership/MsgRemoveMember")
	legacy.RegisterAminoMsg(cdc, &MsgProposeAuthority{}, "membership/MsgProposeAuthority")
	legacy.RegisterAminoMsg(cdc, &MsgAcceptAuthority{}, "membership/MsgAcceptAuthority")
	legacy.RegisterAminoMsg(cdc, &MsgCancelAuthorityProposal{}, "membership/MsgCancelAuthorityProposal")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "membership/MsgUpdateParams")
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
