package keeper_test

import (
	"testing"

	"cosmossdk.io/collections"
	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/keepertest"
	"github.com/tracechain/tracechain/x/trace/types"
)

// Export then import gives the same state, mid-recall included, and the
// imported chain carries on where the exported one stopped.
func TestGenesisRoundTrip(t *testing.T) {
	s := bakeryStory(t)
	s.capture(s.Farm, s.ev("ObjectEvent", "ADD").EPCs(melon1))
	s.capture(s.Farm, s.ev("AssociationEvent", "ADD").Parent(sensor).Children(melon1))
	_, err := s.Msg.Certify(s.Ctx, &types.MsgCertify{Signer: s.Lab.Signer(), Subject: wheatLot2, Kind: types.CERTIFICATION_KIND_ORGANIC})
	require.NoError(t, err)
	_, err = s.Msg.RegisterProduct(s.Ctx, &types.MsgRegisterProduct{Signer: s.Farm.Signer(), Gtin: "06901234123456", Name: "Wheat"})
	require.NoError(t, err)
	_, err = s.Msg.RegisterLocation(s.Ctx, &types.MsgRegisterLocation{Signer: s.Farm.Signer(), Id: "6901234000016", Name: "North field"})
	require.NoError(t, err)
	p := types.DefaultParams()
	p.RecallWorkPerBlock = 3
	_, err = s.Msg.UpdateParams(s.Ctx, &types.MsgUpdateParams{Authority: s.Authority, Params: p})
	require.NoError(t, err)
	recallID := s.recall(s.Regulator, wheatLot)
	s.EndBlock(t) // 3 of the descendants marked; the recall is still propagating

	exported, err := s.Keeper.ExportGenesis(s.Ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Recalls, 1)
	require.Equal(t, types.RECALL_STATE_PROPAGATING, exported.Recalls[0].State)
	require.NotEmpty(t, exported.RecallQueue)
	require.Len(t, exported.Associations, 1)

	// A fresh chain with the same consortium imports it.
	fresh := keepertest.NewTrace(t)
	fresh.Ctx = fresh.Ctx.WithBlockHeight(s.Ctx.BlockHeight())
	require.NoError(t, fresh.Keeper.InitGenesis(fresh.Ctx, exported))
	again, err := fresh.Keeper.ExportGenesis(fresh.Ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)

	// Both finish the recall the same way, and the next IDs continue.
	for range 5 {
		s.EndBlock(t)
		fresh.EndBlock(t)
	}
	a, err := s.Keeper.ExportGenesis(s.Ctx)
	require.NoError(t, err)
	b, err := fresh.Keeper.ExportGenesis(fresh.Ctx)
	require.NoError(t, err)
	require.Equal(t, a, b)
	r, err := fresh.Query.Recall(fresh.Ctx, &types.QueryRecallRequest{RecallId: recallID})
	require.NoError(t, err)
	require.Equal(t, types.RECALL_STATE_COMPLETE, r.Recall.State)
	resp, err := fresh.Msg.RecallLot(fresh.Ctx, &types.MsgRecallLot{Signer: fresh.Regulator.Signer(), ObjectId: wheatLot2, Reason: "x"})
	require.NoError(t, err)
	require.Equal(t, recallID+1, resp.RecallId)
	// The imported indexes answer queries.
	evs, err := fresh.Query.ObjectEvents(fresh.Ctx, &types.QueryObjectEventsRequest{Id: shipment1})
	require.NoError(t, err)
	require.Len(t, evs.Events, 3)
	open, err := fresh.Keeper.OpenAssociations.Has(fresh.Ctx, joinPair(canonical(t, sensor), canonical(t, melon1)))
	require.NoError(t, err)
	require.True(t, open)
}

func TestGenesisValidation(t *testing.T) {
	valid := func() *types.GenesisState {
		gs := types.DefaultGenesis()
		gs.CompanyPrefixes = []types.CompanyPrefix{{Prefix: "6901234", OrgId: keepertest.FarmOrg}}
		gs.Objects = []types.TraceObject{{
			Id: "https://id.gs1.org/01/06901234123456/10/W2026A", OwnerOrgId: keepertest.FarmOrg, CustodianOrgId: keepertest.FarmOrg,
			Status: types.OBJECT_STATUS_ACTIVE,
		}}
		return gs
	}
	require.NoError(t, valid().Validate())
	cases := map[string]func(gs *types.GenesisState){
		"overlapping prefixes": func(gs *types.GenesisState) {
			gs.CompanyPrefixes = append(gs.CompanyPrefixes, types.CompanyPrefix{Prefix: "69012345", OrgId: keepertest.MillOrg})
		},
		"a prefix of letters":     func(gs *types.GenesisState) { gs.CompanyPrefixes[0].Prefix = "69012AB" },
		"an EPC URN as an ID":     func(gs *types.GenesisState) { gs.Objects[0].Id = wheatLot },
		"an object with no owner": func(gs *types.GenesisState) { gs.Objects[0].OwnerOrgId = "" },
		"an object twice":         func(gs *types.GenesisState) { gs.Objects = append(gs.Objects, gs.Objects[0]) },
		"a container that is no object": func(gs *types.GenesisState) {
			gs.Objects[0].ContainerId = "https://id.gs1.org/00/069023450000000018"
		},
		"an edge to nowhere": func(gs *types.GenesisState) {
			gs.Edges = []types.Edge{{From: gs.Objects[0].Id, To: "https://id.gs1.org/00/069023450000000018"}}
		},
		"an event beyond its sequence": func(gs *types.GenesisState) {
			gs.Events = []types.EventRecord{{EventId: "ni:///sha-256;ab?ver=CBV2.0", Sequence: 0}}
		},
		"a recall ID beyond its sequence": func(gs *types.GenesisState) {
			gs.Recalls = []types.Recall{{Id: 1, RootObjectId: gs.Objects[0].Id}}
		},
		"bad params": func(gs *types.GenesisState) { gs.Params.RecallWorkPerBlock = 0 },
	}
	for name, change := range cases {
		gs := valid()
		change(gs)
		require.Error(t, gs.Validate(), name)
	}

	// Import also checks that prefix holders are consortium members.
	f := keepertest.NewTrace(t)
	gs := valid()
	gs.CompanyPrefixes[0].OrgId = "91350999MA2XY0099X"
	require.Error(t, f.Keeper.InitGenesis(f.Ctx, gs))
}

func joinPair(a, b string) collections.Pair[string, string] { return collections.Join(a, b) }
