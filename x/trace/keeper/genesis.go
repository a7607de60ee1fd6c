package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	"github.com/tracechain/tracechain/x/trace/types"
)

// InitGenesis loads the whole trace state and rebuilds its indexes. The
// organizations holding prefixes must exist in x/membership, which
// initialises first.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for i, p := range gs.CompanyPrefixes {
		if _, err := k.membership.GetOrganization(ctx, p.OrgId); err != nil {
			return fmt.Errorf("company_prefixes[%d]: %w", i, err)
		}
		if err := k.CompanyPrefixes.Set(ctx, p.Prefix, p.OrgId); err != nil {
			return err
		}
	}
	for _, p := range gs.Products {
		if err := k.Products.Set(ctx, p.Gtin, p); err != nil {
			return err
		}
	}
	for _, l := range gs.Locations {
		if err := k.Locations.Set(ctx, l.Id, l); err != nil {
			return err
		}
	}
	for _, o := range gs.Objects {
		if err := k.Objects.Set(ctx, o.Id, o); err != nil {
			return err
		}
		if o.ContainerId != "" {
			if err := k.Contents.Set(ctx, collections.Join(o.ContainerId, o.Id)); err != nil {
				return err
			}
		}
	}
	if err := k.initEvents(ctx, gs); err != nil {
		return err
	}
	if err := k.initRecalls(ctx, gs); err != nil {
		return err
	}
	for _, c := range gs.Certifications {
		if err := k.Certifications.Set(ctx, c.Id, c); err != nil {
			return err
		}
		if err := k.CertsBySubject.Set(ctx, collections.Join(c.Subject, c.Id)); err != nil {
			return err
		}
	}
	if err := k.CertificationSequence.Set(ctx, max(gs.NextCertificationId, 1)); err != nil {
		return err
	}
	return k.EventSequence.Set(ctx, gs.NextEventSequence)
}

func (k Keeper) initEvents(ctx context.Context, gs *types.GenesisState) error {
	for _, e := range gs.Events {
		if err := k.Events.Set(ctx, e.EventId, e); err != nil {
			return err
		}
		if err := k.EventsBySequence.Set(ctx, e.Sequence, e.EventId); err != nil {
			return err
		}
		for _, o := range e.ObjectIds {
			if err := k.ObjectEvents.Set(ctx, collections.Join(o, e.Sequence)); err != nil {
				return err
			}
		}
	}
	for _, e := range gs.Edges {
		if err := k.addEdge(ctx, e.From, e.To, e.Kind, e.EventId); err != nil {
			return err
		}
	}
	for _, s := range gs.Shipments {
		if err := k.Shipments.Set(ctx, s.ObjectId, s); err != nil {
			return err
		}
	}
	for _, u := range gs.EventUndos {
		if err := k.EventUndos.Set(ctx, u.EventId, u); err != nil {
			return err
		}
	}
	for _, a := range gs.Associations {
		if err := k.putAssociation(ctx, a); err != nil {
			return err
		}
	}
	return nil
}

func (k Keeper) initRecalls(ctx context.Context, gs *types.GenesisState) error {
	for _, r := range gs.Recalls {
		if err := k.Recalls.Set(ctx, r.Id, r); err != nil {
			return err
		}
		if r.State == types.RECALL_STATE_PROPAGATING {
			if err := k.ActiveRecalls.Set(ctx, r.Id); err != nil {
				return err
			}
		}
	}
	for _, q := range gs.RecallQueue {
		if err := k.RecallQueue.Set(ctx, collections.Join(q.RecallId, q.Position), q.ObjectId); err != nil {
			return err
		}
	}
	for _, m := range gs.RecallAffected {
		if err := k.RecallAffected.Set(ctx, collections.Join(m.RecallId, m.Member)); err != nil {
			return err
		}
	}
	for _, m := range gs.RecallHolders {
		if err := k.RecallHolders.Set(ctx, collections.Join(m.RecallId, m.Member)); err != nil {
			return err
		}
	}
	for _, a := range gs.RecallAcknowledgements {
		if err := k.RecallAcks.Set(ctx, collections.Join(a.RecallId, a.OrgId), a); err != nil {
			return err
		}
	}
	return k.RecallSequence.Set(ctx, max(gs.NextRecallId, 1))
}

// ExportGenesis writes the whole trace state, in key order.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if err = k.CompanyPrefixes.Walk(ctx, nil, func(p, org string) (bool, error) {
		gs.CompanyPrefixes = append(gs.CompanyPrefixes, types.CompanyPrefix{Prefix: p, OrgId: org})
		return false, nil
	}); err != nil {
		return nil, err
	}
	if gs.Products, err = values(ctx, k.Products); err != nil {
		return nil, err
	}
	if gs.Locations, err = values(ctx, k.Locations); err != nil {
		return nil, err
	}
	if gs.Objects, err = values(ctx, k.Objects); err != nil {
		return nil, err
	}
	// Events in capture order, so that import rebuilds the same indexes.
	if err = k.EventsBySequence.Walk(ctx, nil, func(_ uint64, id string) (bool, error) {
		e, err := k.Events.Get(ctx, id)
		gs.Events = append(gs.Events, e)
		return false, err
	}); err != nil {
		return nil, err
	}
	if gs.Edges, err = values(ctx, k.Edges); err != nil {
		return nil, err
	}
	if gs.Shipments, err = values(ctx, k.Shipments); err != nil {
		return nil, err
	}
	if gs.Associations, err = values(ctx, k.Associations); err != nil {
		return nil, err
	}
	if gs.EventUndos, err = values(ctx, k.EventUndos); err != nil {
		return nil, err
	}
	if err := k.exportRecalls(ctx, gs); err != nil {
		return nil, err
	}
	if gs.Certifications, err = values(ctx, k.Certifications); err != nil {
		return nil, err
	}
	if gs.NextEventSequence, err = k.EventSequence.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextRecallId, err = k.RecallSequence.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextCertificationId, err = k.CertificationSequence.Peek(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}

func (k Keeper) exportRecalls(ctx context.Context, gs *types.GenesisState) error {
	var err error
	if gs.Recalls, err = values(ctx, k.Recalls); err != nil {
		return err
	}
	if err := k.RecallQueue.Walk(ctx, nil, func(key collections.Pair[uint64, uint64], obj string) (bool, error) {
		gs.RecallQueue = append(gs.RecallQueue, types.RecallQueueEntry{RecallId: key.K1(), Position: key.K2(), ObjectId: obj})
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.RecallAffected.Walk(ctx, nil, func(key recallKey) (bool, error) {
		gs.RecallAffected = append(gs.RecallAffected, types.RecallMember{RecallId: key.K1(), Member: key.K2()})
		return false, nil
	}); err != nil {
		return err
	}
	if err := k.RecallHolders.Walk(ctx, nil, func(key recallKey) (bool, error) {
		gs.RecallHolders = append(gs.RecallHolders, types.RecallMember{RecallId: key.K1(), Member: key.K2()})
		return false, nil
	}); err != nil {
		return err
	}
	gs.RecallAcknowledgements, err = values(ctx, k.RecallAcks)
	return err
}

// values lists a map's values in key order.
func values[K, V any](ctx context.Context, m collections.Map[K, V]) ([]V, error) {
	var out []V
	err := m.Walk(ctx, nil, func(_ K, v V) (bool, error) {
		out = append(out, v)
		return false, nil
	})
	return out, err
}
