package keeper_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tracechain/tracechain/testutil/keepertest"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/trace/types"
)

func TestAssignCompanyPrefix(t *testing.T) {
	f := keepertest.NewTrace(t)
	cases := []struct {
		name, signer, org, prefix string
		err                       error
	}{
		{"a free prefix", f.Authority, keepertest.RetailerOrg, "6905678", nil},
		{"not the authority", f.Farm.Signer(), keepertest.FarmOrg, "6905679", membershiptypes.ErrUnauthorized},
		{"an unknown organization", f.Authority, "91350999MA2XY0099X", "6905680", types.ErrUnknownParty},
		{"the same prefix", f.Authority, keepertest.MillOrg, "6901234", types.ErrPrefixTaken},
		{"inside an assigned prefix", f.Authority, keepertest.MillOrg, "69012345", types.ErrPrefixTaken},
		{"around an assigned prefix", f.Authority, keepertest.MillOrg, "690123", types.ErrPrefixTaken},
		{"too short", f.Authority, keepertest.MillOrg, "69055", types.ErrPrefixTaken},
		{"not digits", f.Authority, keepertest.MillOrg, "69055A7", types.ErrPrefixTaken},
	}
	for _, tc := range cases {
		_, err := f.Msg.AssignCompanyPrefix(f.Ctx, &types.MsgAssignCompanyPrefix{Authority: tc.signer, OrgId: tc.org, Prefix: tc.prefix})
		if tc.err == nil {
			require.NoError(t, err, tc.name)
		} else {
			require.ErrorIs(t, err, tc.err, tc.name)
		}
	}
	resp, err := f.Query.CompanyPrefixes(f.Ctx, &types.QueryCompanyPrefixesRequest{})
	require.NoError(t, err)
	require.Len(t, resp.CompanyPrefixes, 5)
}

func TestRegisterProduct(t *testing.T) {
	f := keepertest.NewTrace(t)
	ok := types.MsgRegisterProduct{
		Signer: f.Farm.Signer(), Gtin: "06901234123456", Name: "Winter wheat", Category: "grain",
		ShelfLifeDays: 365, MinTemperatureCelsius: "0", MaxTemperatureCelsius: "25.5",
	}
	cases := []struct {
		name   string
		change func(m *types.MsgRegisterProduct)
		err    error
	}{
		{"a product of the farm", func(*types.MsgRegisterProduct) {}, nil},
		{"the same GTIN again", func(*types.MsgRegisterProduct) {}, types.ErrProductExists},
		{"a GTIN-13 of the farm", func(m *types.MsgRegisterProduct) { m.Gtin = "6901234000016" }, nil},
		{"a wrong check digit", func(m *types.MsgRegisterProduct) { m.Gtin = "06901234123457" }, types.ErrInvalidProduct},
		{"another organization's GTIN", func(m *types.MsgRegisterProduct) { m.Gtin = "06902345543218" }, types.ErrPrefixNotOwned},
		{"no name", func(m *types.MsgRegisterProduct) { m.Gtin = "06901234000023"; m.Name = " " }, types.ErrInvalidProduct},
		{"min above max", func(m *types.MsgRegisterProduct) { m.Gtin = "06901234000023"; m.MinTemperatureCelsius = "30" }, types.ErrInvalidProduct},
		{"below absolute zero", func(m *types.MsgRegisterProduct) { m.Gtin = "06901234000023"; m.MinTemperatureCelsius = "-300" }, types.ErrInvalidProduct},
		{"limits no food is kept at", func(m *types.MsgRegisterProduct) {
			m.Gtin = "06901234000023"
			m.MinTemperatureCelsius, m.MaxTemperatureCelsius = "100.5", "101"
		}, types.ErrInvalidProduct},
		{"a limit of a thousand digits", func(m *types.MsgRegisterProduct) {
			m.Gtin = "06901234000023"
			m.MaxTemperatureCelsius = strings.Repeat("1", 1000)
		}, types.ErrInvalidProduct},
		{"not a number", func(m *types.MsgRegisterProduct) { m.Gtin = "06901234000023"; m.MaxTemperatureCelsius = "warm" }, types.ErrInvalidProduct},
		{"a shelf life of centuries", func(m *types.MsgRegisterProduct) { m.Gtin = "06901234000023"; m.ShelfLifeDays = 100_000 }, types.ErrInvalidProduct},
		{"a regulator, holding no prefix", func(m *types.MsgRegisterProduct) { m.Signer = f.Regulator.Signer(); m.Gtin = "06901234000023" }, types.ErrPrefixNotOwned},
	}
	for _, tc := range cases {
		m := ok
		tc.change(&m)
		_, err := f.Msg.RegisterProduct(f.Ctx, &m)
		if tc.err == nil {
			require.NoError(t, err, tc.name)
		} else {
			require.ErrorIs(t, err, tc.err, tc.name)
		}
	}
	p, err := f.Query.Product(f.Ctx, &types.QueryProductRequest{Gtin: "6901234123456"})
	require.NoError(t, err, "a GTIN-13 query finds the GTIN-14")
	require.Equal(t, "25.5", p.Product.MaxTemperatureCelsius)
	require.Equal(t, keepertest.FarmOrg, p.Product.OwnerOrgId)
	list, err := f.Query.Products(f.Ctx, &types.QueryProductsRequest{})
	require.NoError(t, err)
	require.Len(t, list.Products, 2)
}

func TestRegisterLocation(t *testing.T) {
	f := keepertest.NewTrace(t)
	for _, id := range []string{"6901234000016", "urn:epc:id:sgln:6901234.00001.0", "https://id.gs1.org/414/6901234000016/254/dock-1"} {
		_, err := f.Msg.RegisterLocation(f.Ctx, &types.MsgRegisterLocation{
			Signer: f.Farm.Signer(), Id: id, Name: "North field", Latitude: "24.4798", Longitude: "118.0894",
		})
		require.NoError(t, err, id)
	}
	l, err := f.Query.Location(f.Ctx, &types.QueryLocationRequest{Id: "urn:epc:id:sgln:6901234.00001.0"})
	require.NoError(t, err)
	require.Equal(t, "https://id.gs1.org/414/6901234000016", l.Location.Id)
	require.Equal(t, "24.4798", l.Location.Latitude)

	bad := []struct {
		msg types.MsgRegisterLocation
		err error
	}{
		{types.MsgRegisterLocation{Signer: f.Mill.Signer(), Id: "6901234000016", Name: "x"}, types.ErrPrefixNotOwned},
		{types.MsgRegisterLocation{Signer: f.Farm.Signer(), Id: "urn:epc:id:sscc:6901234.0000000001", Name: "x"}, types.ErrInvalidLocation},
		{types.MsgRegisterLocation{Signer: f.Farm.Signer(), Id: "6901234000013", Name: "x"}, types.ErrInvalidLocation},
		{types.MsgRegisterLocation{Signer: f.Farm.Signer(), Id: "6901234000016", Name: "x", Latitude: "91", Longitude: "0"}, types.ErrInvalidLocation},
		{types.MsgRegisterLocation{Signer: f.Farm.Signer(), Id: "6901234000016", Name: "x", Latitude: "10"}, types.ErrInvalidLocation},
		{types.MsgRegisterLocation{Signer: f.Farm.Signer(), Id: "6901234000016", Name: strings.Repeat("n", 200)}, types.ErrInvalidLocation},
	}
	for i, b := range bad {
		_, err := f.Msg.RegisterLocation(f.Ctx, &b.msg)
		require.ErrorIs(t, err, b.err, "case %d", i)
	}
}

func TestUpdateParams(t *testing.T) {
	f := keepertest.NewTrace(t)
	p := types.DefaultParams()
	p.RecallWorkPerBlock = 50
	_, err := f.Msg.UpdateParams(f.Ctx, &types.MsgUpdateParams{Authority: f.Farm.Signer(), Params: p})
	require.ErrorIs(t, err, membershiptypes.ErrUnauthorized)
	p.MaxGenealogyDepth = 0
	_, err = f.Msg.UpdateParams(f.Ctx, &types.MsgUpdateParams{Authority: f.Authority, Params: p})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	require.ErrorContains(t, err, "max_genealogy_depth")
	p.MaxGenealogyDepth = 10
	_, err = f.Msg.UpdateParams(f.Ctx, &types.MsgUpdateParams{Authority: f.Authority, Params: p})
	require.NoError(t, err)
	got, err := f.Query.Params(f.Ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, p, got.Params)
}
