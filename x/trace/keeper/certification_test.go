package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/keepertest"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

func TestCertifications(t *testing.T) {
	s := newStory(t)
	s.capture(s.Farm, s.harvest(wheatLot, "1000"))
	hash := strings.Repeat("ab", 32)
	ok := types.MsgCertify{
		Signer: s.Lab.Signer(), Subject: wheatLot, Kind: types.CERTIFICATION_KIND_ORGANIC,
		Uri: "https://lab.example/certs/77", ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2027-01-01T00:00:00Z",
	}
	cases := []struct {
		name   string
		change func(m *types.MsgCertify)
		err    error
	}{
		{"organic certification of a lot", func(*types.MsgCertify) {}, nil},
		{"a lab report with its hash, on the farm", func(m *types.MsgCertify) {
			m.Subject, m.Kind, m.DocumentHash = keepertest.FarmOrg, types.CERTIFICATION_KIND_LAB_REPORT, hash
		}, nil},
		{"an inspection pass, open-ended, from now", func(m *types.MsgCertify) {
			m.Kind, m.ValidFrom, m.ValidUntil = types.CERTIFICATION_KIND_INSPECTION_PASS, "", ""
		}, nil},
		{"by an enterprise", func(m *types.MsgCertify) { m.Signer = s.Mill.Signer() }, nil /* checked below */},
		{"a lab report without its hash", func(m *types.MsgCertify) { m.Kind = types.CERTIFICATION_KIND_LAB_REPORT }, types.ErrInvalidCertification},
		{"a hash that is not SHA-256", func(m *types.MsgCertify) { m.DocumentHash = "abc" }, types.ErrInvalidCertification},
		{"no kind", func(m *types.MsgCertify) { m.Kind = types.CERTIFICATION_KIND_UNSPECIFIED }, types.ErrInvalidCertification},
		{"an unknown kind", func(m *types.MsgCertify) { m.Kind = 42 }, types.ErrInvalidCertification},
		{"ending before it starts", func(m *types.MsgCertify) { m.ValidUntil = "2025-01-01T00:00:00Z" }, types.ErrInvalidCertification},
		{"a date that is not RFC 3339", func(m *types.MsgCertify) { m.ValidFrom = "1 Jan 2026" }, types.ErrInvalidCertification},
		{"a lot never commissioned", func(m *types.MsgCertify) { m.Subject = wheatLot2 }, types.ErrObjectNotFound},
		{"an unknown organization", func(m *types.MsgCertify) { m.Subject = "nobody" }, types.ErrInvalidCertification},
	}
	for _, tc := range cases {
		m := ok
		tc.change(&m)
		_, err := s.Msg.Certify(s.Ctx, &m)
		switch {
		case tc.name == "by an enterprise":
			require.Error(t, err, tc.name)
			require.ErrorContains(t, err, "CERTIFIER")
		case tc.err == nil:
			require.NoError(t, err, tc.name)
		default:
			require.ErrorIs(t, err, tc.err, tc.name)
		}
	}

	certs, err := s.Query.Certifications(s.Ctx, &types.QueryCertificationsRequest{Subject: "https://id.gs1.org/01/06901234123456/10/W2026A"})
	require.NoError(t, err)
	require.Len(t, certs.Certifications, 2, "found by Digital Link as well as by EPC URN")
	farm, err := s.Query.Certifications(s.Ctx, &types.QueryCertificationsRequest{Subject: keepertest.FarmOrg})
	require.NoError(t, err)
	require.Len(t, farm.Certifications, 1)
	require.Equal(t, hash, farm.Certifications[0].DocumentHash)

	// Validity follows block time; revocation ends it.
	one, err := s.Query.Certification(s.Ctx, &types.QueryCertificationRequest{CertificationId: 1})
	require.NoError(t, err)
	require.True(t, one.ValidNow)
	s.Ctx = s.Ctx.WithBlockTime(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC))
	one, err = s.Query.Certification(s.Ctx, &types.QueryCertificationRequest{CertificationId: 1})
	require.NoError(t, err)
	require.False(t, one.ValidNow, "expired")

	revoke := func(signer string, id uint64, reason string) error {
		_, err := s.Msg.RevokeCertification(s.Ctx, &types.MsgRevokeCertification{Signer: signer, CertificationId: id, Reason: reason})
		return err
	}
	s.Ctx = s.Ctx.WithBlockTime(keepertest.BlockTime)
	require.ErrorIs(t, revoke(s.Lab.Signer(), 3, ""), types.ErrInvalidCertification, "a revocation gives its reason")
	require.ErrorIs(t, revoke(s.Lab.Signer(), 99, "x"), types.ErrCertificationNotFound)
	require.NoError(t, revoke(s.Lab.Signer(), 3, "sample failed re-test"))
	require.ErrorIs(t, revoke(s.Lab.Signer(), 3, "again"), types.ErrAlreadyRevoked)
	three, err := s.Query.Certification(s.Ctx, &types.QueryCertificationRequest{CertificationId: 3})
	require.NoError(t, err)
	require.True(t, three.Certification.Revoked)
	require.False(t, three.ValidNow)

	// Another certifier may not revoke the lab's certification.
	s.RegisterOrg(t, "91350700MA2XY00770", keepertest.AccAddr(0x17), membershipCertifier)
	require.ErrorIs(t, revoke(keepertest.Bech32(keepertest.AccAddr(0x17)), 1, "x"), types.ErrNotCertifier)
}

const membershipCertifier = membershiptypes.ORG_ROLE_CERTIFIER
