package keeper

import (
	"context"
	"fmt"

	tracetypes "github.com/tracechain/tracechain/x/trace/types"

	sdkmath "cosmossdk.io/math"

	"cosmossdk.io/collections"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	"github.com/tracechain/tracechain/x/device/types"
)

// Temperature units a product's limits (kept in °C) can be converted to
// exactly: the limit is converted, never the reading, so that no rounding
// decides an excursion.
var (
	dec1_8     = sdkmath.LegacyMustNewDecFromStr("1.8")
	dec32      = sdkmath.LegacyMustNewDecFromStr("32")
	dec273_15  = sdkmath.LegacyMustNewDecFromStr("273.15")
	limitUnits = map[string]func(sdkmath.LegacyDec) sdkmath.LegacyDec{
		"CEL": func(c sdkmath.LegacyDec) sdkmath.LegacyDec { return c },
		"FAH": func(c sdkmath.LegacyDec) sdkmath.LegacyDec { return c.Mul(dec1_8).Add(dec32) },
		"KEL": func(c sdkmath.LegacyDec) sdkmath.LegacyDec { return c.Add(dec273_15) },
	}
)

// recordExcursions checks a temperature reading against the storage limits
// of the products the device was associated with at the reading's time,
// and records an excursion for each limit broken. Only goods the device's
// own organization tied it to count. A reading that cannot be checked
// against all of them within max_excursion_objects is refused, never
// recorded half-checked: tying a device to many goods cannot hide an
// excursion.
func (k Keeper) recordExcursions(ctx context.Context, p types.Params, d *types.Device, r *types.Reading, height int64) ([]uint64, error) {
	convert, ok := limitUnits[r.Unit]
	if r.MeasurementType != types.TemperatureType || !ok || d.Giai == "" {
		return nil, nil
	}
	targets, truncated, err := k.trace.StorageTargets(ctx, d.Giai, r.DeviceTimeMs, int(p.MaxExcursionObjects))
	if err != nil {
		return nil, err
	}
	if truncated {
		return nil, types.ErrTooManyTargets.Wrapf("device %s (%s) is tied to more than %d goods at %d ms; untie the goods it no longer measures",
			d.Id, d.Giai, p.MaxExcursionObjects, r.DeviceTimeMs)
	}
	if len(targets) == 0 {
		return nil, nil
	}
	value, err := sdkmath.LegacyNewDecFromStr(r.Value)
	if err != nil {
		return nil, types.ErrInvalidReading.Wrapf("value: %q: %s", r.Value, err)
	}
	var ids []uint64
	byOwner := map[string][]uint64{}
	var owners []string
	for _, t := range targets {
		if t.AssociatedBy != d.OwnerOrgId {
			continue
		}
		broken, limit := brokenLimit(t, value, convert)
		if broken == "" {
			continue
		}
		id, err := k.ExcursionSequence.Next(ctx)
		if err != nil {
			return nil, err
		}
		e := types.Excursion{
			Id: id, Device: d.Id, Counter: r.Counter, ObjectId: t.ObjectID, Gtin: t.GTIN, MeasurementType: r.MeasurementType,
			Value: r.Value, Unit: r.Unit, Limit: broken, LimitValue: trimDecimal(limit), DeviceTimeMs: r.DeviceTimeMs,
			Height: height, AssociationEventId: t.AssociationEventID, Via: t.Via,
		}
		if err := k.Excursions.Set(ctx, id, e); err != nil {
			return nil, err
		}
		if err := k.ExcursionsByObject.Set(ctx, collections.Join(t.ObjectID, id)); err != nil {
			return nil, err
		}
		if err := k.ExcursionsByDevice.Set(ctx, collections.Join(d.Id, id)); err != nil {
			return nil, err
		}
		if err := k.emit(ctx, &types.EventExcursion{
			Id: id, Device: d.Id, Counter: r.Counter, ObjectId: t.ObjectID, Gtin: t.GTIN, Value: r.Value, Unit: r.Unit,
			Limit: broken, LimitValue: e.LimitValue,
		}); err != nil {
			return nil, err
		}
		if _, seen := byOwner[t.OwnerOrgID]; !seen {
			owners = append(owners, t.OwnerOrgID)
		}
		byOwner[t.OwnerOrgID] = append(byOwner[t.OwnerOrgID], id)
		ids = append(ids, id)
	}
	// The device's organization runs the environment it measures (the
	// truck, the cold room): the excursion goes on its record, once per
	// reading and owner of the goods, however many of that owner's lots
	// the reading broke limits of.
	for _, owner := range owners {
		if err := k.recordExcursionCredit(ctx, d, r, owner, byOwner[owner]); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// brokenLimit names the storage limit a value breaks ("min", "max" or "")
// and the limit in the reading's unit.
func brokenLimit(t tracetypes.StorageTarget, value sdkmath.LegacyDec, convert func(sdkmath.LegacyDec) sdkmath.LegacyDec) (string, sdkmath.LegacyDec) {
	if t.MinCelsius != "" {
		if min, err := sdkmath.LegacyNewDecFromStr(t.MinCelsius); err == nil && value.LT(convert(min)) {
			return "min", convert(min)
		}
	}
	if t.MaxCelsius != "" {
		if max, err := sdkmath.LegacyNewDecFromStr(t.MaxCelsius); err == nil && value.GT(convert(max)) {
			return "max", convert(max)
		}
	}
	return "", sdkmath.LegacyDec{}
}

// maxExcursionEvidence bounds the excursion IDs a credit record cites.
const maxExcursionEvidence = 16

func (k Keeper) recordExcursionCredit(ctx context.Context, d *types.Device, r *types.Reading, owner string, excursions []uint64) error {
	evidence := []string{fmt.Sprintf("%s#%d", d.Id, r.Counter)}
	for i, id := range excursions {
		if i == maxExcursionEvidence {
			evidence = append(evidence, fmt.Sprintf("and %d more excursions", len(excursions)-i))
			break
		}
		evidence = append(evidence, fmt.Sprintf("excursion %d", id))
	}
	_, err := k.credit.AddModuleRecord(ctx, types.ModuleName, credittypes.ModuleRecord{
		Subject: d.OwnerOrgId, Counterparty: owner, Kind: credittypes.RECORD_KIND_EXCURSION, Weight: 1, Evidence: evidence,
		Note: fmt.Sprintf("%s %s outside the storage limits of %d lot(s) of %s", r.Value, r.Unit, len(excursions), owner),
	})
	return err
}

// trimDecimal writes a LegacyDec without trailing zeros: "25", "77.9".
func trimDecimal(d sdkmath.LegacyDec) string {
	s := d.String()
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

// ExcursionsOf is what x/service and x/credit read: the excursions of an
// object whose readings were taken in [fromMs, toMs).
func (k Keeper) ExcursionsOf(ctx context.Context, objectID string, fromMs, toMs uint64) ([]types.Excursion, error) {
	it, err := k.ExcursionsByObject.Iterate(ctx, collections.NewPrefixedPairRange[string, uint64](objectID))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []types.Excursion
	for ; it.Valid(); it.Next() {
		key, err := it.Key()
		if err != nil {
			return nil, err
		}
		e, err := k.Excursions.Get(ctx, key.K2())
		if err != nil {
			return nil, err
		}
		if e.DeviceTimeMs >= fromMs && e.DeviceTimeMs < toMs {
			out = append(out, e)
		}
	}
	return out, nil
}
