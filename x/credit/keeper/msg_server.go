package keeper

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/tracechain/tracechain/x/credit/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the credit Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer {
	return msgServer{Keeper: k}
}

const maxTextLength = 512

var businessAccount = []membershiptypes.AccountRole{membershiptypes.ACCOUNT_ROLE_ADMIN, membershiptypes.ACCOUNT_ROLE_OPERATOR}

// member checks the signer again, as the ante handler did, and returns its organization.
func (k Keeper) member(ctx context.Context, signer string, req membershiptypes.Requirement) (membershiptypes.Organization, error) {
	addr, err := k.addressCodec.StringToBytes(signer)
	if err != nil {
		return membershiptypes.Organization{}, sdkerrors.ErrInvalidAddress.Wrapf("signer %q: %s", signer, err)
	}
	info, err := k.membership.RequireMember(ctx, addr, req)
	return info.Organization, err
}

func regulator() membershiptypes.Requirement {
	return membershiptypes.Requirement{OrgRoles: []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_REGULATOR}, AccountRoles: businessAccount}
}

func text(field, s string, required bool) error {
	if required && s == "" {
		return types.ErrInvalidRecord.Wrapf("%s: required", field)
	}
	if len(s) > maxTextLength {
		return types.ErrInvalidRecord.Wrapf("%s: %d characters; at most %d", field, len(s), maxTextLength)
	}
	return nil
}

func (s msgServer) FileRecord(ctx context.Context, msg *types.MsgFileRecord) (*types.MsgFileRecordResponse, error) {
	writers := map[types.RecordKind][]membershiptypes.OrgRole{
		types.RECORD_KIND_INSPECTION_PASS: {membershiptypes.ORG_ROLE_REGULATOR, membershiptypes.ORG_ROLE_CERTIFIER},
		types.RECORD_KIND_INSPECTION_FAIL: {membershiptypes.ORG_ROLE_REGULATOR, membershiptypes.ORG_ROLE_CERTIFIER},
		types.RECORD_KIND_PENALTY:         {membershiptypes.ORG_ROLE_REGULATOR},
		types.RECORD_KIND_COMMENDATION:    {membershiptypes.ORG_ROLE_REGULATOR},
	}
	roles, ok := writers[msg.Kind]
	if !ok {
		return nil, types.ErrNotAllowed.Wrapf("kind %s is written by the modules that see it (orders, disputes, recalls, excursions), not filed", msg.Kind)
	}
	org, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{OrgRoles: roles, AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	if org.Id == msg.SubjectOrgId {
		return nil, types.ErrSelfRecord.Wrapf("organization %s cannot file a record about itself", org.Id)
	}
	if _, err := s.membership.GetOrganization(ctx, msg.SubjectOrgId); err != nil {
		return nil, err
	}
	if msg.Weight < 1 || msg.Weight > 10 {
		return nil, types.ErrInvalidRecord.Wrapf("weight: severity %d; from 1 to 10", msg.Weight)
	}
	if err := text("note", msg.Note, false); err != nil {
		return nil, err
	}
	if len(msg.Evidence) > 32 {
		return nil, types.ErrInvalidRecord.Wrapf("evidence: %d references; at most 32", len(msg.Evidence))
	}
	for i, e := range msg.Evidence {
		if err := text("evidence", e, true); err != nil {
			return nil, types.ErrInvalidRecord.Wrapf("evidence[%d]: %s", i, err)
		}
	}
	id, err := s.write(ctx, types.CreditRecord{
		SubjectOrgId: msg.SubjectOrgId, Kind: msg.Kind, Weight: msg.Weight, CounterpartyOrgId: org.Id,
		Evidence: msg.Evidence, Note: msg.Note, WrittenBy: msg.Signer,
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgFileRecordResponse{RecordId: id}, nil
}

func (s msgServer) getRecord(ctx context.Context, id uint64) (types.CreditRecord, error) {
	r, err := s.Records.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return r, types.ErrRecordNotFound.Wrapf("record %d", id)
	}
	return r, err
}

func (s msgServer) Appeal(ctx context.Context, msg *types.MsgAppeal) (*types.MsgAppealResponse, error) {
	r, err := s.getRecord(ctx, msg.RecordId)
	if err != nil {
		return nil, err
	}
	org, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{AccountRoles: []membershiptypes.AccountRole{membershiptypes.ACCOUNT_ROLE_ADMIN}})
	if err != nil {
		return nil, err
	}
	if org.Id != r.SubjectOrgId {
		return nil, types.ErrInvalidAppeal.Wrapf("record %d is about %s; only its ADMINs appeal it", r.Id, r.SubjectOrgId)
	}
	if r.Status != types.RECORD_STATUS_ACTIVE {
		return nil, types.ErrInvalidAppeal.Wrapf("record %d is %s; only an active record can be appealed", r.Id, r.Status)
	}
	if err := text("reason", msg.Reason, true); err != nil {
		return nil, err
	}
	r.Status, r.AppealReason, r.AppealedHeight = types.RECORD_STATUS_APPEALED, msg.Reason, blockHeight(ctx)
	if err := s.Records.Set(ctx, r.Id, r); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventRecordAppealed{RecordId: r.Id, SubjectOrgId: r.SubjectOrgId, Reason: msg.Reason, AppealedBy: msg.Signer}); err != nil {
		return nil, err
	}
	return &types.MsgAppealResponse{}, nil
}

func (s msgServer) DecideAppeal(ctx context.Context, msg *types.MsgDecideAppeal) (*types.MsgDecideAppealResponse, error) {
	r, err := s.getRecord(ctx, msg.RecordId)
	if err != nil {
		return nil, err
	}
	org, err := s.member(ctx, msg.Signer, regulator())
	if err != nil {
		return nil, err
	}
	if org.Id == r.SubjectOrgId {
		return nil, types.ErrSelfRecord.Wrapf("regulator %s cannot decide an appeal about itself", org.Id)
	}
	if err := s.requireDecider(ctx, r, org.Id); err != nil {
		return nil, err
	}
	if r.Status != types.RECORD_STATUS_APPEALED {
		return nil, types.ErrInvalidAppeal.Wrapf("record %d is %s, not appealed", r.Id, r.Status)
	}
	if err := text("note", msg.Note, false); err != nil {
		return nil, err
	}
	r.Status = types.RECORD_STATUS_VOIDED
	if msg.Uphold {
		r.Status = types.RECORD_STATUS_ACTIVE
	} else if err := s.tally(ctx, r, true); err != nil {
		return nil, err
	}
	r.DecidedBy, r.DecisionNote, r.DecidedHeight = msg.Signer, msg.Note, blockHeight(ctx)
	if err := s.Records.Set(ctx, r.Id, r); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventAppealDecided{RecordId: r.Id, SubjectOrgId: r.SubjectOrgId, Status: r.Status, DecidedBy: msg.Signer}); err != nil {
		return nil, err
	}
	return &types.MsgDecideAppealResponse{}, nil
}

// requireDecider: an appeal of a record a regulator filed is decided by
// that regulator (it reconsiders its own finding; no other regulator
// overturns it); an appeal of any other record — written by a module, or
// filed by a certifier — by any regulator that is not a party to it.
func (s msgServer) requireDecider(ctx context.Context, r types.CreditRecord, regulatorOrg string) error {
	filer := ""
	if filedKinds[r.Kind] && s.activeRegulator(ctx, r.CounterpartyOrgId) {
		filer = r.CounterpartyOrgId
	}
	switch {
	case filer != "" && filer != regulatorOrg:
		return types.ErrNotDecider.Wrapf("record %d was filed by regulator %s; only it decides the appeal, you act for %s", r.Id, filer, regulatorOrg)
	case filer == "" && r.CounterpartyOrgId == regulatorOrg:
		return types.ErrNotDecider.Wrapf("record %d: %s is its counterparty; another regulator decides the appeal", r.Id, regulatorOrg)
	}
	return nil
}

// activeRegulator: an organization that is a REGULATOR in good standing.
// Decisions reserved to a regulator that has since been suspended or lost
// the role fall to the other regulators, so nothing stays locked.
func (s msgServer) activeRegulator(ctx context.Context, orgID string) bool {
	org, err := s.membership.GetOrganization(ctx, orgID)
	return err == nil && org.Status == membershiptypes.ORG_STATUS_ACTIVE && slices.Contains(org.Roles, membershiptypes.ORG_ROLE_REGULATOR)
}

// filedKinds are the records people file; modules write the others.
var filedKinds = map[types.RecordKind]bool{
	types.RECORD_KIND_INSPECTION_PASS: true, types.RECORD_KIND_INSPECTION_FAIL: true,
	types.RECORD_KIND_PENALTY: true, types.RECORD_KIND_COMMENDATION: true,
}

func (s msgServer) Restrict(ctx context.Context, msg *types.MsgRestrict) (*types.MsgRestrictResponse, error) {
	org, err := s.member(ctx, msg.Signer, regulator())
	if err != nil {
		return nil, err
	}
	if org.Id == msg.OrgId {
		return nil, types.ErrSelfRecord.Wrapf("regulator %s cannot restrict itself", org.Id)
	}
	// A restriction in force is another regulator's decision: a second
	// regulator may neither shorten nor replace it.
	if x, inForce, err := s.Restriction(ctx, msg.OrgId); err != nil {
		return nil, err
	} else if inForce && x.ListedByOrgId != org.Id && s.activeRegulator(ctx, x.ListedByOrgId) {
		return nil, types.ErrNotListedByYou.Wrapf("organization %s is restricted by %s until %d (0: until lifted); only it changes that", msg.OrgId, x.ListedByOrgId, x.Expires)
	}
	if _, err := s.membership.GetOrganization(ctx, msg.OrgId); err != nil {
		return nil, err
	}
	if msg.Reason == "" || len(msg.Reason) > maxTextLength {
		return nil, types.ErrInvalidRestriction.Wrapf("reason: required, at most %d characters", maxTextLength)
	}
	if msg.Expires != 0 && msg.Expires <= blockTime(ctx) {
		return nil, types.ErrInvalidRestriction.Wrapf("expires %d is not after the block time %d (0 = until lifted)", msg.Expires, blockTime(ctx))
	}
	x := types.Restriction{OrgId: msg.OrgId, Reason: msg.Reason, Expires: msg.Expires, ListedBy: msg.Signer, ListedHeight: blockHeight(ctx), ListedByOrgId: org.Id}
	if err := s.Restrictions.Set(ctx, msg.OrgId, x); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventOrgRestricted{OrgId: msg.OrgId, Reason: msg.Reason, Expires: msg.Expires, ListedBy: msg.Signer}); err != nil {
		return nil, err
	}
	return &types.MsgRestrictResponse{}, nil
}

func (s msgServer) LiftRestriction(ctx context.Context, msg *types.MsgLiftRestriction) (*types.MsgLiftRestrictionResponse, error) {
	org, err := s.member(ctx, msg.Signer, regulator())
	if err != nil {
		return nil, err
	}
	x, err := s.Restrictions.Get(ctx, msg.OrgId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrNotRestricted.Wrapf("organization %s", msg.OrgId)
	} else if err != nil {
		return nil, err
	}
	// Only the regulator that listed an organization lifts it (any other,
	// once that one is no longer a regulator in good standing).
	if x.ListedByOrgId != org.Id && s.activeRegulator(ctx, x.ListedByOrgId) {
		return nil, types.ErrNotListedByYou.Wrapf("organization %s was listed by %s; you act for %s", msg.OrgId, x.ListedByOrgId, org.Id)
	}
	if err := text("note", msg.Note, false); err != nil {
		return nil, err
	}
	if err := s.Restrictions.Remove(ctx, msg.OrgId); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventRestrictionLifted{OrgId: msg.OrgId, Note: msg.Note, LiftedBy: msg.Signer}); err != nil {
		return nil, err
	}
	return &types.MsgLiftRestrictionResponse{}, nil
}

func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	current, err := s.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if msg.Params.Formula != current.Formula && msg.Params.Formula.Version <= current.Formula.Version {
		return nil, types.ErrInvalidParams.Wrapf("a changed formula needs a version above %d", current.Formula.Version)
	}
	if err := s.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventParamsUpdated{Params: &msg.Params}); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, nil
}
