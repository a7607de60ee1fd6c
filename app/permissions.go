package app

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	m "github.com/tracechain/tracechain/x/membership/types"
	poatypes "github.com/tracechain/tracechain/x/poa/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// Permissions is the whole answer to "who may send what" on TraceChain, in
// one place for auditors. The permission ante decorator refuses every
// message type not listed here, nested messages included.
func Permissions() m.MsgPolicy {
	authority := m.AuthorityOnly()
	businessAccounts := m.MembersWith(m.ACCOUNT_ROLE_ADMIN, m.ACCOUNT_ROLE_OPERATOR)
	orgAdmins := m.MembersWith(m.ACCOUNT_ROLE_ADMIN).OrAuthority()
	// Provenance is recorded by enterprises, regulators and certifiers.
	recorders := businessAccounts.InOrgsWith(m.ORG_ROLE_ENTERPRISE, m.ORG_ROLE_REGULATOR, m.ORG_ROLE_CERTIFIER)
	certifiers := businessAccounts.InOrgsWith(m.ORG_ROLE_CERTIFIER)
	// Readings come from the device's own account or a gateway of its org.
	deviceSigners := m.MembersWith(m.ACCOUNT_ROLE_DEVICE, m.ACCOUNT_ROLE_GATEWAY)

	return m.MsgPolicy{
		// Consortium administration (x/membership).
		url(&m.MsgRegisterOrganization{}):    authority,
		url(&m.MsgUpdateOrganization{}):      authority,
		url(&m.MsgSuspendOrganization{}):     authority,
		url(&m.MsgReinstateOrganization{}):   authority,
		url(&m.MsgAddMember{}):               orgAdmins,
		url(&m.MsgUpdateMemberRole{}):        orgAdmins,
		url(&m.MsgRemoveMember{}):            orgAdmins,
		url(&m.MsgProposeAuthority{}):        authority,
		url(&m.MsgAcceptAuthority{}):         {PendingAuthority: true},
		url(&m.MsgCancelAuthorityProposal{}): authority,
		url(&m.MsgUpdateParams{}):            authority,

		// Validator set (x/poa).
		url(&poatypes.MsgAddValidator{}):      authority,
		url(&poatypes.MsgSetValidatorPower{}): authority,
		url(&poatypes.MsgRemoveValidator{}):   authority,
		url(&poatypes.MsgUpdateParams{}):      authority,

		// Provenance (x/trace). The message servers check the finer rules:
		// prefix ownership, custody, recall initiators and holders.
		url(&tracetypes.MsgCaptureEvents{}):       recorders,
		url(&tracetypes.MsgAssignCompanyPrefix{}): authority,
		url(&tracetypes.MsgRegisterProduct{}):     recorders,
		url(&tracetypes.MsgRegisterLocation{}):    recorders,
		url(&tracetypes.MsgRecallLot{}):           recorders,
		url(&tracetypes.MsgAcknowledgeRecall{}):   businessAccounts,
		url(&tracetypes.MsgCertify{}):             certifiers,
		url(&tracetypes.MsgRevokeCertification{}): certifiers,
		url(&tracetypes.MsgUpdateParams{}):        authority,

		// Hardware signers (x/device). The message servers check that the
		// admin administers the device's organization, and that a reading
		// comes from its device's account or a gateway of the same org.
		url(&devicetypes.MsgRegisterDevice{}):  orgAdmins,
		url(&devicetypes.MsgRotateDeviceKey{}): orgAdmins,
		url(&devicetypes.MsgSetDeviceStatus{}): orgAdmins,
		url(&devicetypes.MsgUpdateDevice{}):    orgAdmins,
		url(&devicetypes.MsgSubmitReadings{}):  deviceSigners,
		url(&devicetypes.MsgAnchorBatch{}):     deviceSigners,
		url(&devicetypes.MsgUpdateParams{}):    authority,

		// Credit (x/credit). Records about orders, disputes, recalls and
		// excursions are written by those modules, never sent; the message
		// servers check which org role may file which record.
		url(&credittypes.MsgFileRecord{}):      businessAccounts.InOrgsWith(m.ORG_ROLE_REGULATOR, m.ORG_ROLE_CERTIFIER),
		url(&credittypes.MsgAppeal{}):          m.MembersWith(m.ACCOUNT_ROLE_ADMIN),
		url(&credittypes.MsgDecideAppeal{}):    businessAccounts.InOrgsWith(m.ORG_ROLE_REGULATOR),
		url(&credittypes.MsgRestrict{}):        businessAccounts.InOrgsWith(m.ORG_ROLE_REGULATOR),
		url(&credittypes.MsgLiftRestriction{}): businessAccounts.InOrgsWith(m.ORG_ROLE_REGULATOR),
		url(&credittypes.MsgUpdateParams{}):    authority,

		// Services (x/service). The message servers check which party
		// (provider, consumer, an arbiter that is neither) may move an order.
		url(&servicetypes.MsgMint{}):           businessAccounts.InOrgsWith(m.ORG_ROLE_ISSUER),
		url(&servicetypes.MsgBurn{}):           businessAccounts.InOrgsWith(m.ORG_ROLE_ISSUER),
		url(&servicetypes.MsgCreateOffering{}): businessAccounts,
		url(&servicetypes.MsgUpdateOffering{}): businessAccounts,
		url(&servicetypes.MsgCreateOrder{}):    businessAccounts,
		url(&servicetypes.MsgCancelOrder{}):    businessAccounts,
		url(&servicetypes.MsgAcceptOrder{}):    businessAccounts,
		url(&servicetypes.MsgDeliverOrder{}):   businessAccounts,
		url(&servicetypes.MsgConfirmOrder{}):   businessAccounts,
		url(&servicetypes.MsgDisputeOrder{}):   businessAccounts,
		url(&servicetypes.MsgResolveDispute{}): businessAccounts.InOrgsWith(m.ORG_ROLE_ARBITER),
		url(&servicetypes.MsgUpdateParams{}):   authority,

		// Coins move between the business accounts of members.
		url(&banktypes.MsgSend{}):           businessAccounts.OrAuthority(),
		url(&banktypes.MsgMultiSend{}):      businessAccounts.OrAuthority(),
		url(&banktypes.MsgUpdateParams{}):   authority,
		url(&banktypes.MsgSetSendEnabled{}): authority,

		// Chain parameters and upgrades.
		url(&authtypes.MsgUpdateParams{}):       authority,
		url(&upgradetypes.MsgSoftwareUpgrade{}): authority,
		url(&upgradetypes.MsgCancelUpgrade{}):   authority,
		url(&consensustypes.MsgUpdateParams{}):  authority.WithGuard(keepAuthority),
	}
}

// keepAuthority stops x/consensus MsgUpdateParams from replacing the
// authority in one step, around the two-step hand-over of x/membership.
func keepAuthority(msg sdk.Msg, authority string) error {
	update, ok := msg.(*consensustypes.MsgUpdateParams)
	if !ok || update.Auth == nil || update.Auth.Authority == authority {
		return nil
	}
	return m.ErrAuthorityViaConsensus.Wrapf("auth.authority would change from %s to %s; use membership propose-authority and accept-authority",
		authority, update.Auth.Authority)
}

func url(msg sdk.Msg) string { return sdk.MsgTypeURL(msg) }
