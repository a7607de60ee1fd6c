package types

import (
	"fmt"
	"strings"

	"github.com/tracechain/tracechain/x/lib/gs1"
)

// DefaultGenesis holds no provenance and default limits; the first recall
// and certification get ID 1 (0 on an object means "not recalled").
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextRecallId: 1, NextCertificationId: 1}
}

// ValidateCompanyPrefix checks the shape of a GS1 company prefix.
func ValidateCompanyPrefix(p string) error {
	if len(p) < 6 || len(p) > 12 || strings.Trim(p, "0123456789") != "" {
		return fmt.Errorf("company prefix %q: a GS1 company prefix has 6 to 12 digits", p)
	}
	return nil
}

// canonicalObjectID checks that an ID is stored in canonical form.
func canonicalObjectID(id string) error {
	parsed, err := gs1.Parse(id)
	if err != nil {
		return err
	}
	if parsed.URI != id {
		return fmt.Errorf("%s is not canonical; the canonical form is %s", id, parsed.URI)
	}
	return nil
}

// Validate checks the genesis state on its own: well-formed identifiers, no
// duplicates, no overlapping prefixes, every reference resolved and every
// ID below its sequence. Organizations are checked against x/membership
// when the chain starts.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	if err := validatePrefixes(gs.CompanyPrefixes); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, p := range gs.Products {
		gtin, err := gs1.ParseGTIN(p.Gtin)
		if err != nil || gtin != p.Gtin {
			return fmt.Errorf("products[%d]: gtin %q is not a valid 14-digit GTIN", i, p.Gtin)
		}
		if seen[p.Gtin] {
			return fmt.Errorf("products[%d]: gtin %s listed twice", i, p.Gtin)
		}
		seen[p.Gtin] = true
	}
	clear(seen)
	for i, l := range gs.Locations {
		if err := canonicalObjectID(l.Id); err != nil {
			return fmt.Errorf("locations[%d]: %w", i, err)
		}
		if seen[l.Id] {
			return fmt.Errorf("locations[%d]: %s listed twice", i, l.Id)
		}
		seen[l.Id] = true
	}
	objects, err := validateObjects(gs.Objects)
	if err != nil {
		return err
	}
	if err := gs.validateEvents(objects); err != nil {
		return err
	}
	if err := gs.validateLinks(objects); err != nil {
		return err
	}
	return gs.validateRecallsAndCertifications(objects)
}

func validatePrefixes(prefixes []CompanyPrefix) error {
	for i, p := range prefixes {
		if err := ValidateCompanyPrefix(p.Prefix); err != nil {
			return fmt.Errorf("company_prefixes[%d]: %w", i, err)
		}
		if p.OrgId == "" {
			return fmt.Errorf("company_prefixes[%d]: org_id is empty", i)
		}
		for j := 0; j < i; j++ {
			a, b := prefixes[j].Prefix, p.Prefix
			if strings.HasPrefix(a, b) || strings.HasPrefix(b, a) {
				return fmt.Errorf("company_prefixes[%d]: %s overlaps company_prefixes[%d] %s", i, b, j, a)
			}
		}
	}
	return nil
}

func validateObjects(list []TraceObject) (map[string]TraceObject, error) {
	objects := make(map[string]TraceObject, len(list))
	for i, o := range list {
		if err := canonicalObjectID(o.Id); err != nil {
			return nil, fmt.Errorf("objects[%d]: %w", i, err)
		}
		if _, dup := objects[o.Id]; dup {
			return nil, fmt.Errorf("objects[%d]: %s listed twice", i, o.Id)
		}
		if o.OwnerOrgId == "" || o.CustodianOrgId == "" {
			return nil, fmt.Errorf("objects[%d]: %s has no owner or custodian", i, o.Id)
		}
		if _, ok := ObjectStatus_name[int32(o.Status)]; !ok || o.Status == OBJECT_STATUS_UNSPECIFIED {
			return nil, fmt.Errorf("objects[%d]: status %d is invalid", i, o.Status)
		}
		objects[o.Id] = o
	}
	for i, o := range list {
		if o.ContainerId != "" {
			if _, ok := objects[o.ContainerId]; !ok {
				return nil, fmt.Errorf("objects[%d]: container %s is not an object", i, o.ContainerId)
			}
		}
	}
	return objects, nil
}

func (gs GenesisState) validateEvents(objects map[string]TraceObject) error {
	ids := map[string]bool{}
	seqs := map[uint64]bool{}
	for i, e := range gs.Events {
		if !strings.HasPrefix(e.EventId, "ni:///sha-256;") {
			return fmt.Errorf("events[%d]: event_id %q is not a CBV 2.0 hash ID", i, e.EventId)
		}
		if ids[e.EventId] || seqs[e.Sequence] {
			return fmt.Errorf("events[%d]: event %s or sequence %d listed twice", i, e.EventId, e.Sequence)
		}
		if e.Sequence >= gs.NextEventSequence {
			return fmt.Errorf("events[%d]: sequence %d is not below next_event_sequence %d", i, e.Sequence, gs.NextEventSequence)
		}
		ids[e.EventId], seqs[e.Sequence] = true, true
		for _, o := range e.ObjectIds {
			if err := canonicalObjectID(o); err != nil {
				return fmt.Errorf("events[%d].object_ids: %w", i, err)
			}
		}
	}
	for i, u := range gs.EventUndos {
		if !ids[u.EventId] {
			return fmt.Errorf("event_undos[%d]: event %s is not in genesis", i, u.EventId)
		}
	}
	return nil
}

func (gs GenesisState) validateLinks(objects map[string]TraceObject) error {
	edges := map[[2]string]bool{}
	for i, e := range gs.Edges {
		_, okFrom := objects[e.From]
		_, okTo := objects[e.To]
		if !okFrom || !okTo {
			return fmt.Errorf("edges[%d]: %s → %s names an object not in genesis", i, e.From, e.To)
		}
		if edges[[2]string{e.From, e.To}] {
			return fmt.Errorf("edges[%d]: %s → %s listed twice", i, e.From, e.To)
		}
		edges[[2]string{e.From, e.To}] = true
	}
	shipped := map[string]bool{}
	for i, s := range gs.Shipments {
		if _, ok := objects[s.ObjectId]; !ok || shipped[s.ObjectId] || s.ToOrgId == "" {
			return fmt.Errorf("shipments[%d]: object %s unknown, shipped twice or without receiver", i, s.ObjectId)
		}
		shipped[s.ObjectId] = true
	}
	open := map[[2]string]bool{}
	for i, a := range gs.Associations {
		if _, ok := objects[a.ObjectId]; !ok || a.DeviceId == "" {
			return fmt.Errorf("associations[%d]: object %s unknown or device empty", i, a.ObjectId)
		}
		if a.EndTime == "" {
			if open[[2]string{a.DeviceId, a.ObjectId}] {
				return fmt.Errorf("associations[%d]: %s and %s are associated twice at once", i, a.DeviceId, a.ObjectId)
			}
			open[[2]string{a.DeviceId, a.ObjectId}] = true
		}
	}
	return nil
}

func (gs GenesisState) validateRecallsAndCertifications(objects map[string]TraceObject) error {
	recalls := map[uint64]Recall{}
	for i, r := range gs.Recalls {
		if r.Id == 0 || r.Id >= max(gs.NextRecallId, 1) {
			return fmt.Errorf("recalls[%d]: id %d is not between 1 and next_recall_id %d", i, r.Id, gs.NextRecallId)
		}
		if _, dup := recalls[r.Id]; dup {
			return fmt.Errorf("recalls[%d]: id %d listed twice", i, r.Id)
		}
		if _, ok := objects[r.RootObjectId]; !ok {
			return fmt.Errorf("recalls[%d]: root %s is not an object", i, r.RootObjectId)
		}
		if r.QueueHead > r.QueueTail {
			return fmt.Errorf("recalls[%d]: queue_head %d is past queue_tail %d", i, r.QueueHead, r.QueueTail)
		}
		recalls[r.Id] = r
	}
	for i, q := range gs.RecallQueue {
		r, ok := recalls[q.RecallId]
		if !ok || q.Position < r.QueueHead || q.Position >= r.QueueTail {
			return fmt.Errorf("recall_queue[%d]: position %d of recall %d is outside its queue", i, q.Position, q.RecallId)
		}
	}
	for _, l := range []struct {
		name    string
		members []RecallMember
	}{{"recall_affected", gs.RecallAffected}, {"recall_holders", gs.RecallHolders}} {
		for i, m := range l.members {
			if _, ok := recalls[m.RecallId]; !ok {
				return fmt.Errorf("%s[%d]: recall %d not in genesis", l.name, i, m.RecallId)
			}
		}
	}
	for i, a := range gs.RecallAcknowledgements {
		if _, ok := recalls[a.RecallId]; !ok {
			return fmt.Errorf("recall_acknowledgements[%d]: recall %d not in genesis", i, a.RecallId)
		}
	}
	certs := map[uint64]bool{}
	for i, c := range gs.Certifications {
		if c.Id == 0 || c.Id >= max(gs.NextCertificationId, 1) || certs[c.Id] {
			return fmt.Errorf("certifications[%d]: id %d is a duplicate or not below next_certification_id %d", i, c.Id, gs.NextCertificationId)
		}
		certs[c.Id] = true
	}
	return nil
}
