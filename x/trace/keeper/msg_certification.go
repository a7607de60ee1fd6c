package keeper

import (
	"context"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/gs1"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

const maxURILength = 512

var certifierOrgs = []membershiptypes.OrgRole{membershiptypes.ORG_ROLE_CERTIFIER}

// Certify attaches a CERTIFIER organization's statement to a lot (or any
// commissioned object) or to an organization.
func (s msgServer) Certify(ctx context.Context, msg *types.MsgCertify) (*types.MsgCertifyResponse, error) {
	info, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{OrgRoles: certifierOrgs, AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	subject, interested, err := s.certificationSubject(ctx, msg.Subject)
	if err != nil {
		return nil, err
	}
	if slices.Contains(interested, info.Organization.Id) {
		return nil, types.ErrConflictOfInterest.Wrapf("subject %s: %s owns, holds or brands it (or is it); another certifier must certify", subject, info.Organization.Id)
	}
	if _, known := types.CertificationKind_name[int32(msg.Kind)]; !known || msg.Kind == types.CERTIFICATION_KIND_UNSPECIFIED {
		return nil, types.ErrInvalidCertification.Wrapf("kind: %d is not a certification kind", msg.Kind)
	}
	if err := validateDocumentHash(msg.DocumentHash, msg.Kind == types.CERTIFICATION_KIND_LAB_REPORT); err != nil {
		return nil, err
	}
	if err := validateLabel("uri", msg.Uri, maxURILength, false); err != nil {
		return nil, types.ErrInvalidCertification.Wrap(err.Error())
	}
	blockTime := sdkContext(ctx).BlockTime().UTC()
	from, until, err := validityWindow(msg.ValidFrom, msg.ValidUntil, blockTime)
	if err != nil {
		return nil, err
	}
	seq, err := s.CertificationSequence.Next(ctx)
	if err != nil {
		return nil, err
	}
	cert := types.Certification{
		Id: seq, CertifierOrgId: info.Organization.Id, Certifier: msg.Signer, Subject: subject, Kind: msg.Kind,
		DocumentHash: strings.ToLower(msg.DocumentHash), Uri: msg.Uri, ValidFrom: from, ValidUntil: until,
		Height: blockHeight(ctx),
	}
	if err := s.Certifications.Set(ctx, cert.Id, cert); err != nil {
		return nil, err
	}
	if err := s.CertsBySubject.Set(ctx, collections.Join(subject, cert.Id)); err != nil {
		return nil, err
	}
	return &types.MsgCertifyResponse{CertificationId: cert.Id}, s.emit(ctx, &types.EventCertified{
		CertificationId: cert.Id, Subject: subject, Kind: cert.Kind, CertifierOrgId: cert.CertifierOrgId,
	})
}

// RevokeCertification withdraws a certification; only the organization
// that issued it may.
func (s msgServer) RevokeCertification(ctx context.Context, msg *types.MsgRevokeCertification) (*types.MsgRevokeCertificationResponse, error) {
	info, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{OrgRoles: certifierOrgs, AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	cert, err := s.Certifications.Get(ctx, msg.CertificationId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrCertificationNotFound.Wrapf("certification_id %d", msg.CertificationId)
	} else if err != nil {
		return nil, err
	}
	if cert.CertifierOrgId != info.Organization.Id {
		return nil, types.ErrNotCertifier.Wrapf("certification %d was issued by %s; you act for %s", cert.Id, cert.CertifierOrgId, info.Organization.Id)
	}
	if cert.Revoked {
		return nil, types.ErrAlreadyRevoked.Wrapf("certification %d", cert.Id)
	}
	if err := validateLabel("reason", msg.Reason, maxReasonLength, true); err != nil {
		return nil, types.ErrInvalidCertification.Wrap(err.Error())
	}
	cert.Revoked, cert.RevocationReason = true, msg.Reason
	if err := s.Certifications.Set(ctx, cert.Id, cert); err != nil {
		return nil, err
	}
	return &types.MsgRevokeCertificationResponse{}, s.emit(ctx, &types.EventCertificationRevoked{CertificationId: cert.Id, Reason: msg.Reason})
}

// certificationSubject resolves a subject to a commissioned object's
// canonical ID or to an organization ID, with the organizations that have
// a stake in it: an object's owner, custodian and brand owner (the holder
// of its company prefix), or the organization itself. None of them may
// certify it: a certifier that also trades does not grade its own goods.
func (k Keeper) certificationSubject(ctx context.Context, subject string) (string, []string, error) {
	if strings.HasPrefix(subject, "urn:") || strings.HasPrefix(subject, "http") {
		id, err := gs1.Parse(subject)
		if err != nil {
			return "", nil, types.ErrInvalidIdentifier.Wrapf("subject: %s", err)
		}
		obj, err := k.getObject(ctx, id.URI)
		if err != nil {
			return "", nil, err
		}
		brand, _, err := k.prefixOwner(ctx, id)
		if err != nil {
			return "", nil, err
		}
		return id.URI, []string{obj.OwnerOrgId, obj.CustodianOrgId, brand}, nil
	}
	if _, err := k.membership.GetOrganization(ctx, subject); err != nil {
		return "", nil, types.ErrInvalidCertification.Wrapf("subject %q is neither a GS1 identifier nor an organization: %s", subject, err)
	}
	return subject, []string{subject}, nil
}

// validateDocumentHash accepts a hex SHA-256 digest; lab reports need one.
func validateDocumentHash(h string, required bool) error {
	if h == "" {
		if required {
			return types.ErrInvalidCertification.Wrap("document_hash: a lab report certification carries the SHA-256 of the report")
		}
		return nil
	}
	if b, err := hex.DecodeString(h); err != nil || len(b) != 32 {
		return types.ErrInvalidCertification.Wrapf("document_hash: %q is not a hex SHA-256 digest (64 hex digits)", h)
	}
	return nil
}

// validityWindow reads RFC 3339 bounds; an empty start means block time,
// an empty end means open-ended. Both are stored in UTC.
func validityWindow(fromText, untilText string, blockTime time.Time) (from, until string, err error) {
	start := blockTime
	if fromText != "" {
		if start, err = time.Parse(time.RFC3339, fromText); err != nil {
			return "", "", types.ErrInvalidCertification.Wrapf("valid_from: %q is not RFC 3339", fromText)
		}
	}
	from = start.UTC().Format(time.RFC3339)
	if untilText == "" {
		return from, "", nil
	}
	end, err := time.Parse(time.RFC3339, untilText)
	if err != nil {
		return "", "", types.ErrInvalidCertification.Wrapf("valid_until: %q is not RFC 3339", untilText)
	}
	if !end.After(start) {
		return "", "", types.ErrInvalidCertification.Wrapf("valid_until %s is not after valid_from %s", untilText, from)
	}
	return from, end.UTC().Format(time.RFC3339), nil
}

// ValidAt reports whether a certification holds at t.
func ValidAt(cert types.Certification, t time.Time) bool {
	if cert.Revoked {
		return false
	}
	if from, err := time.Parse(time.RFC3339, cert.ValidFrom); err == nil && t.Before(from) {
		return false
	}
	if cert.ValidUntil == "" {
		return true
	}
	until, err := time.Parse(time.RFC3339, cert.ValidUntil)
	return err == nil && t.Before(until)
}
