package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/lib/epcis"
	"github.com/tracechain/tracechain/x/trace/types"
)

// putAssociation stores an association with its indexes: by object, open
// (device, object) while it has no end, and by end time once it has one.
func (k Keeper) putAssociation(ctx context.Context, a types.Association) error {
	key := collections.Join3(a.DeviceId, a.EventSequence, a.ObjectId)
	if err := k.dropEndIndex(ctx, key); err != nil {
		return err
	}
	if err := k.Associations.Set(ctx, key, a); err != nil {
		return err
	}
	if err := k.AssociationsByObject.Set(ctx, collections.Join3(a.ObjectId, a.DeviceId, a.EventSequence)); err != nil {
		return err
	}
	if a.EndTime == "" {
		return k.OpenAssociations.Set(ctx, collections.Join(a.DeviceId, a.ObjectId), a.EventSequence)
	}
	end, err := associationEndMs(a)
	if err != nil {
		return err
	}
	open := collections.Join(a.DeviceId, a.ObjectId)
	if seq, err := k.OpenAssociations.Get(ctx, open); err == nil && seq == a.EventSequence {
		if err := k.OpenAssociations.Remove(ctx, open); err != nil {
			return err
		}
	} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	return k.AssociationsByEnd.Set(ctx, collections.Join3(a.DeviceId, end, collections.Join(a.EventSequence, a.ObjectId)))
}

// removeAssociation deletes an association and its indexes.
func (k Keeper) removeAssociation(ctx context.Context, device string, seq uint64, object string) error {
	key := collections.Join3(device, seq, object)
	if err := k.dropEndIndex(ctx, key); err != nil {
		return err
	}
	if err := k.Associations.Remove(ctx, key); err != nil {
		return err
	}
	if err := k.AssociationsByObject.Remove(ctx, collections.Join3(object, device, seq)); err != nil {
		return err
	}
	open := collections.Join(device, object)
	if cur, err := k.OpenAssociations.Get(ctx, open); err == nil && cur == seq {
		return k.OpenAssociations.Remove(ctx, open)
	} else if !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	return nil
}

// dropEndIndex removes the by-end entry of a stored, closed association.
func (k Keeper) dropEndIndex(ctx context.Context, key assocKey) error {
	old, err := k.Associations.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) || (err == nil && old.EndTime == "") {
		return nil
	} else if err != nil {
		return err
	}
	end, err := associationEndMs(old)
	if err != nil {
		return err
	}
	return k.AssociationsByEnd.Remove(ctx, collections.Join3(old.DeviceId, end, collections.Join(old.EventSequence, old.ObjectId)))
}

func associationEndMs(a types.Association) (uint64, error) {
	end, err := epcis.ParseTimestamp(a.EndTime)
	if err != nil {
		return 0, types.ErrInvalidEvent.Wrapf("association of %s with %s ends at %q: %s", a.DeviceId, a.ObjectId, a.EndTime, err)
	}
	return uint64(max(end.UnixMilli(), 0)), nil
}
