package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/gs1"
	"github.com/tracechain/tracechain/x/trace/types"
)

// prefixDigits is the part of an identifier's key where its GS1 company
// prefix begins: GTINs, SSCCs and GRAIs lead with an indicator or
// extension digit; GLNs and the others start with the prefix.
func prefixDigits(id gs1.Identifier) string {
	switch id.Kind {
	case gs1.KindSGTIN, gs1.KindLGTIN, gs1.KindGTIN, gs1.KindUPUI, gs1.KindSSCC, gs1.KindGRAI, gs1.KindITIP:
		return id.Key[1:]
	default:
		return id.Key
	}
}

// prefixOwner finds the organization holding the identifier's company
// prefix. EPC URNs say where the prefix ends; Digital Link URIs do not, so
// the longest assigned prefix wins (assignments never overlap).
func (k Keeper) prefixOwner(ctx context.Context, id gs1.Identifier) (string, bool, error) {
	candidates := make([]string, 0, 8)
	if id.CompanyPrefix != "" {
		candidates = append(candidates, id.CompanyPrefix)
	}
	digits := prefixDigits(id)
	for n := 12; n >= 6; n-- {
		if len(digits) >= n {
			candidates = append(candidates, digits[:n])
		}
	}
	for _, p := range candidates {
		org, err := k.CompanyPrefixes.Get(ctx, p)
		if err == nil {
			return org, true, nil
		}
		if !errors.Is(err, collections.ErrNotFound) {
			return "", false, err
		}
	}
	return "", false, nil
}

// PrefixHolder is the organization holding an identifier's GS1 company
// prefix (found false when nobody does): x/device checks that a device's
// GIAI is its organization's.
func (k Keeper) PrefixHolder(ctx context.Context, id gs1.Identifier) (string, bool, error) {
	return k.prefixOwner(ctx, id)
}

// requirePrefixOf refuses an identifier whose prefix is not org's.
func (k Keeper) requirePrefixOf(ctx context.Context, id gs1.Identifier, org string) error {
	owner, found, err := k.prefixOwner(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case !found:
		return types.ErrPrefixNotOwned.Wrapf("%s: its GS1 company prefix is not assigned to any organization (assigned: none; you are %s)", id.URI, org)
	case owner != org:
		return types.ErrPrefixNotOwned.Wrapf("%s: its GS1 company prefix belongs to %s, you are %s", id.URI, owner, org)
	}
	return nil
}

// checkPrefixFree refuses a prefix that equals, extends or is extended by
// an assigned one, so that every identifier has exactly one owner.
func (k Keeper) checkPrefixFree(ctx context.Context, prefix string) error {
	if len(prefix) < 6 || len(prefix) > 12 {
		return types.ErrPrefixTaken.Wrapf("prefix %q: a GS1 company prefix has 6 to 12 digits", prefix)
	}
	for i := 0; i < len(prefix); i++ {
		if prefix[i] < '0' || prefix[i] > '9' {
			return types.ErrPrefixTaken.Wrapf("prefix %q: digits only", prefix)
		}
	}
	for n := 6; n < len(prefix); n++ {
		if org, err := k.CompanyPrefixes.Get(ctx, prefix[:n]); err == nil {
			return types.ErrPrefixTaken.Wrapf("prefix %s lies inside %s, assigned to %s", prefix, prefix[:n], org)
		}
	}
	// ":" sorts right after "9": the range holds prefix and its extensions.
	iter, err := k.CompanyPrefixes.Iterate(ctx, new(collections.Range[string]).StartInclusive(prefix).EndExclusive(prefix+":"))
	if err != nil {
		return err
	}
	defer iter.Close()
	if iter.Valid() {
		kv, err := iter.KeyValue()
		if err != nil {
			return err
		}
		return types.ErrPrefixTaken.Wrap(fmt.Sprintf("prefix %s overlaps %s, assigned to %s", prefix, kv.Key, kv.Value))
	}
	return nil
}
