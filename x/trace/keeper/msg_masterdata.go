package keeper

import (
	"context"
	"fmt"
	"strings"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"

	sdkmath "cosmossdk.io/math"

	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

// Master-data text limits: names and categories are labels, not documents.
const (
	maxNameLength     = 128
	maxCategoryLength = 64
	maxShelfLifeDays  = 36_500
)

// AssignCompanyPrefix records that an organization is licensed to a GS1
// company prefix; only it may then commission objects under the prefix.
func (s msgServer) AssignCompanyPrefix(ctx context.Context, msg *types.MsgAssignCompanyPrefix) (*types.MsgAssignCompanyPrefixResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if _, err := s.membership.GetOrganization(ctx, msg.OrgId); err != nil {
		return nil, types.ErrUnknownParty.Wrapf("org_id %q: %s", msg.OrgId, err)
	}
	if err := s.checkPrefixFree(ctx, msg.Prefix); err != nil {
		return nil, err
	}
	if err := s.CompanyPrefixes.Set(ctx, msg.Prefix, msg.OrgId); err != nil {
		return nil, err
	}
	return &types.MsgAssignCompanyPrefixResponse{}, s.emit(ctx, &types.EventCompanyPrefixAssigned{Prefix: msg.Prefix, OrgId: msg.OrgId})
}

// RegisterProduct records master data of a GTIN under the signer
// organization's company prefix.
func (s msgServer) RegisterProduct(ctx context.Context, msg *types.MsgRegisterProduct) (*types.MsgRegisterProductResponse, error) {
	info, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{OrgRoles: recorderOrgs, AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	org := info.Organization.Id
	gtin, err := gs1.ParseGTIN(msg.Gtin)
	if err != nil {
		return nil, types.ErrInvalidProduct.Wrapf("gtin: %s", err)
	}
	id, err := gs1.Parse("https://id.gs1.org/01/" + gtin)
	if err != nil {
		return nil, types.ErrInvalidProduct.Wrapf("gtin: %s", err)
	}
	if err := s.requirePrefixOf(ctx, id, org); err != nil {
		return nil, err
	}
	if has, err := s.Products.Has(ctx, gtin); err != nil {
		return nil, err
	} else if has {
		return nil, types.ErrProductExists.Wrapf("gtin %s", gtin)
	}
	p := types.Product{
		Gtin: gtin, Name: msg.Name, Category: msg.Category, OwnerOrgId: org, ShelfLifeDays: msg.ShelfLifeDays,
		RegisteredHeight: blockHeight(ctx),
	}
	if err := validateLabel("name", p.Name, maxNameLength, true); err != nil {
		return nil, types.ErrInvalidProduct.Wrap(err.Error())
	}
	if err := validateLabel("category", p.Category, maxCategoryLength, false); err != nil {
		return nil, types.ErrInvalidProduct.Wrap(err.Error())
	}
	if p.ShelfLifeDays > maxShelfLifeDays {
		return nil, types.ErrInvalidProduct.Wrapf("shelf_life_days: %d is more than %d", p.ShelfLifeDays, maxShelfLifeDays)
	}
	// Storage limits of food and farm produce, from deep-frozen to
	// hot-held: limits outside them would make ordinary readings
	// "excursions" (or none at all) on purpose.
	minT, err := optionalDecimal("min_temperature_celsius", msg.MinTemperatureCelsius, minStorageCelsius, maxStorageCelsius)
	if err != nil {
		return nil, types.ErrInvalidProduct.Wrap(err.Error())
	}
	maxT, err := optionalDecimal("max_temperature_celsius", msg.MaxTemperatureCelsius, minStorageCelsius, maxStorageCelsius)
	if err != nil {
		return nil, types.ErrInvalidProduct.Wrap(err.Error())
	}
	if minT != nil && maxT != nil && minT.GT(*maxT) {
		return nil, types.ErrInvalidProduct.Wrapf("min_temperature_celsius %s is above max_temperature_celsius %s", formatAmount(*minT), formatAmount(*maxT))
	}
	p.MinTemperatureCelsius, p.MaxTemperatureCelsius = formatOptional(minT), formatOptional(maxT)
	if err := s.Products.Set(ctx, gtin, p); err != nil {
		return nil, err
	}
	return &types.MsgRegisterProductResponse{}, s.emit(ctx, &types.EventProductRegistered{Gtin: gtin, OwnerOrgId: org})
}

// RegisterLocation records master data of a GLN (or SGLN) under the signer
// organization's company prefix. Registering again updates it.
func (s msgServer) RegisterLocation(ctx context.Context, msg *types.MsgRegisterLocation) (*types.MsgRegisterLocationResponse, error) {
	info, err := s.member(ctx, msg.Signer, membershiptypes.Requirement{OrgRoles: recorderOrgs, AccountRoles: businessAccount})
	if err != nil {
		return nil, err
	}
	org := info.Organization.Id
	id, err := ParseLocationID(msg.Id)
	if err != nil {
		return nil, types.ErrInvalidLocation.Wrapf("id: %s", err)
	}
	if err := s.requirePrefixOf(ctx, id, org); err != nil {
		return nil, err
	}
	if err := validateLabel("name", msg.Name, maxNameLength, true); err != nil {
		return nil, types.ErrInvalidLocation.Wrap(err.Error())
	}
	lat, err := optionalDecimal("latitude", msg.Latitude, "-90", "90")
	if err != nil {
		return nil, types.ErrInvalidLocation.Wrap(err.Error())
	}
	lon, err := optionalDecimal("longitude", msg.Longitude, "-180", "180")
	if err != nil {
		return nil, types.ErrInvalidLocation.Wrap(err.Error())
	}
	if (lat == nil) != (lon == nil) {
		return nil, types.ErrInvalidLocation.Wrap("latitude and longitude: give both or neither")
	}
	loc := types.Location{
		Id: id.URI, Name: msg.Name, Latitude: formatOptional(lat), Longitude: formatOptional(lon), OrgId: org,
		RegisteredHeight: blockHeight(ctx),
	}
	if err := s.Locations.Set(ctx, loc.Id, loc); err != nil {
		return nil, err
	}
	return &types.MsgRegisterLocationResponse{}, s.emit(ctx, &types.EventLocationRegistered{LocationId: loc.Id, OrgId: org})
}

// UpdateParams replaces the module parameters.
func (s msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := s.membership.RequireAuthority(ctx, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, types.ErrInvalidParams.Wrap(err.Error())
	}
	if err := s.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, s.emit(ctx, &types.EventParamsUpdated{Params: &msg.Params})
}

// ParseLocationID reads a 13-digit GLN, an SGLN EPC URN or a Digital Link
// location URI and returns the canonical SGLN.
func ParseLocationID(s string) (gs1.Identifier, error) {
	raw := s
	if len(s) == 13 && strings.Trim(s, "0123456789") == "" {
		raw = "https://id.gs1.org/414/" + s
	}
	id, err := gs1.Parse(raw)
	if err != nil {
		return id, err
	}
	if id.Kind != gs1.KindSGLN {
		return id, fmt.Errorf("%s is a %s, not a location (GLN or SGLN)", id.URI, id.Kind)
	}
	return id, nil
}

func validateLabel(field, v string, maxLen int, required bool) error {
	switch {
	case required && strings.TrimSpace(v) == "":
		return fmt.Errorf("%s: required", field)
	case len(v) > maxLen:
		return fmt.Errorf("%s: %d bytes, at most %d", field, len(v), maxLen)
	case strings.ContainsAny(v, "\x00\n\r\t"):
		return fmt.Errorf("%s: control characters are not allowed", field)
	}
	return nil
}

// The range storage limits may lie in (°C).
const (
	minStorageCelsius = "-100"
	maxStorageCelsius = "100"
)

// maxDecimalLength bounds a decimal field before it is parsed (parsing
// costs time quadratic in the digits).
const maxDecimalLength = 40

// optionalDecimal reads an exact decimal within [lo, hi]; "" means unset.
func optionalDecimal(field, v, lo, hi string) (*sdkmath.LegacyDec, error) {
	if v == "" {
		return nil, nil
	}
	if len(v) > maxDecimalLength {
		return nil, fmt.Errorf("%s: %d characters; a decimal here has at most %d", field, len(v), maxDecimalLength)
	}
	d, err := sdkmath.LegacyNewDecFromStr(v)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a decimal number", field, v)
	}
	if d.LT(sdkmath.LegacyMustNewDecFromStr(lo)) || d.GT(sdkmath.LegacyMustNewDecFromStr(hi)) {
		return nil, fmt.Errorf("%s: %s is outside [%s, %s]", field, v, lo, hi)
	}
	return &d, nil
}

func formatOptional(d *sdkmath.LegacyDec) string {
	if d == nil {
		return ""
	}
	return formatAmount(*d)
}
