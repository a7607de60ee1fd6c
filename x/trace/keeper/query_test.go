package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/tracechain/tracechain/x/trace/types"
)

func requireCode(t *testing.T, err error, code codes.Code) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, code, status.Code(err), err.Error())
}

func TestGenealogyBounds(t *testing.T) {
	s := bakeryStory(t)
	walk := func(id string, dir types.GenealogyDirection, depth uint32) *types.QueryGenealogyResponse {
		t.Helper()
		g, err := s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: id, Direction: dir, Depth: depth})
		require.NoError(t, err)
		return g
	}
	// shipment1 → breadPallet → bread 1 → flour 1 → wheat: four levels up.
	require.Len(t, walk(shipment1, types.GENEALOGY_DIRECTION_UP, 0).Nodes, 5)
	require.Len(t, walk(shipment1, types.GENEALOGY_DIRECTION_UP, 2).Nodes, 3)
	// Digital Link and EPC URN name the same object.
	require.Len(t, walk("https://id.gs1.org/00/069023450000002012", types.GENEALOGY_DIRECTION_UP, 4).Nodes, 5)
	// Both ways from flour 1: wheat above; pallet1, bread 1, breadPallet, shipment1 below.
	both := walk(flourLot1, types.GENEALOGY_DIRECTION_BOTH, 0)
	depths := map[int32]int{}
	for _, n := range both.Nodes {
		depths[n.Depth]++
	}
	require.Equal(t, map[int32]int{-1: 1, 0: 1, 1: 2, 2: 1, 3: 1}, depths)
	require.Len(t, both.Edges, 5)

	// The node limit truncates and says so.
	p := types.DefaultParams()
	p.MaxGenealogyNodes = 3
	_, err := s.Msg.UpdateParams(s.Ctx, &types.MsgUpdateParams{Authority: s.Authority, Params: p})
	require.NoError(t, err)
	cut := walk(wheatLot, types.GENEALOGY_DIRECTION_DOWN, 0)
	require.Len(t, cut.Nodes, 3)
	require.True(t, cut.Truncated)

	_, err = s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: wheatLot, Depth: 33})
	requireCode(t, err, codes.InvalidArgument)
	_, err = s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: wheatLot, Direction: 9})
	requireCode(t, err, codes.InvalidArgument)
	_, err = s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: "urn:epc:id:sscc:6902345.0000000777"})
	requireCode(t, err, codes.NotFound)
	_, err = s.Query.Genealogy(s.Ctx, &types.QueryGenealogyRequest{Id: "pallet"})
	requireCode(t, err, codes.InvalidArgument)
}

func TestQueriesPaginateAndRefuseBadInput(t *testing.T) {
	s := bakeryStory(t)
	page, err := s.Query.Objects(s.Ctx, &types.QueryObjectsRequest{Pagination: &query.PageRequest{Limit: 4, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, page.Objects, 4)
	require.EqualValues(t, 11, page.Pagination.Total)
	next, err := s.Query.Objects(s.Ctx, &types.QueryObjectsRequest{Pagination: &query.PageRequest{Key: page.Pagination.NextKey, Limit: 100}})
	require.NoError(t, err)
	require.Len(t, next.Objects, 7)

	evs, err := s.Query.ObjectEvents(s.Ctx, &types.QueryObjectEventsRequest{Id: shipment1, Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, evs.Events, 2)
	require.NotEmpty(t, evs.Pagination.NextKey)
	rest, err := s.Query.ObjectEvents(s.Ctx, &types.QueryObjectEventsRequest{Id: shipment1, Pagination: &query.PageRequest{Key: evs.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, rest.Events, 1) // loaded, shipped, received
	require.Equal(t, "receiving", rest.Events[0].BizStep)

	for _, c := range []struct {
		err  error
		code codes.Code
	}{
		{func() error { _, err := s.Query.Object(s.Ctx, &types.QueryObjectRequest{}); return err }(), codes.InvalidArgument},
		{func() error {
			_, err := s.Query.Object(s.Ctx, &types.QueryObjectRequest{Id: "urn:epc:id:sscc:1"})
			return err
		}(), codes.InvalidArgument},
		{func() error {
			_, err := s.Query.Object(s.Ctx, &types.QueryObjectRequest{Id: wheatLot2 + "X"})
			return err
		}(), codes.NotFound},
		{func() error {
			_, err := s.Query.ObjectEvents(s.Ctx, &types.QueryObjectEventsRequest{Id: melon1})
			return err
		}(), codes.NotFound},
		{func() error {
			_, err := s.Query.Event(s.Ctx, &types.QueryEventRequest{EventId: "ni:///sha-256;00"})
			return err
		}(), codes.NotFound},
		{func() error { _, err := s.Query.Recall(s.Ctx, &types.QueryRecallRequest{RecallId: 5}); return err }(), codes.NotFound},
		{func() error {
			_, err := s.Query.RecallAffected(s.Ctx, &types.QueryRecallAffectedRequest{RecallId: 5})
			return err
		}(), codes.NotFound},
		{func() error { _, err := s.Query.Product(s.Ctx, &types.QueryProductRequest{Gtin: "123"}); return err }(), codes.InvalidArgument},
		{func() error {
			_, err := s.Query.Product(s.Ctx, &types.QueryProductRequest{Gtin: "06901234123456"})
			return err
		}(), codes.NotFound},
		{func() error { _, err := s.Query.Location(s.Ctx, &types.QueryLocationRequest{Id: wheatLot}); return err }(), codes.InvalidArgument},
		{func() error { _, err := s.Query.Certifications(s.Ctx, &types.QueryCertificationsRequest{}); return err }(), codes.InvalidArgument},
		{func() error {
			_, err := s.Query.Certification(s.Ctx, &types.QueryCertificationRequest{CertificationId: 1})
			return err
		}(), codes.NotFound},
	} {
		requireCode(t, c.err, c.code)
	}
}
