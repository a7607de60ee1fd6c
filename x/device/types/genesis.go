package types

import (
	"bytes"
	"fmt"
)

// DefaultGenesis has no devices and default limits; the first excursion gets ID 1.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), ExcursionSequence: 1}
}

// Validate checks the genesis state on its own: well-formed devices and
// keys, no duplicates, every reading, anchor, excursion and clone naming a
// device, and every ID below its sequence.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return fmt.Errorf("params: %w", err)
	}
	devices := map[string]Device{}
	addresses := map[string]bool{}
	for i, d := range gs.Devices {
		if err := d.validate(); err != nil {
			return fmt.Errorf("devices[%d] %s: %w", i, d.Id, err)
		}
		if _, dup := devices[d.Id]; dup {
			return fmt.Errorf("devices[%d]: device %s twice", i, d.Id)
		}
		if addresses[d.Address] {
			return fmt.Errorf("devices[%d]: address %s used by two devices", i, d.Address)
		}
		devices[d.Id], addresses[d.Address] = d, true
	}
	type counterKey struct {
		device  string
		counter uint64
	}
	readings := map[counterKey]bool{}
	for i, r := range gs.Readings {
		d, ok := devices[r.Reading.Device]
		if !ok {
			return fmt.Errorf("readings[%d]: device %s is not in genesis", i, r.Reading.Device)
		}
		if err := r.Reading.Validate(); err != nil {
			return fmt.Errorf("readings[%d]: %w", i, err)
		}
		h, err := r.Reading.StructHash()
		if err != nil || !bytes.Equal(h[:], r.StructHash) {
			return fmt.Errorf("readings[%d]: struct_hash does not match the reading", i)
		}
		k := counterKey{r.Reading.Device, r.Reading.Counter}
		if readings[k] {
			return fmt.Errorf("readings[%d]: counter %d of %s twice", i, k.counter, k.device)
		}
		if r.Reading.Counter > d.LastCounter {
			return fmt.Errorf("readings[%d]: counter %d above the device's last counter %d", i, k.counter, d.LastCounter)
		}
		readings[k] = true
	}
	anchors := map[counterKey]bool{}
	for i, a := range gs.Anchors {
		d, ok := devices[a.Header.Device]
		if !ok {
			return fmt.Errorf("anchors[%d]: device %s is not in genesis", i, a.Header.Device)
		}
		if err := a.Header.Validate(); err != nil {
			return fmt.Errorf("anchors[%d]: %w", i, err)
		}
		k := counterKey{a.Header.Device, a.Header.FirstCounter}
		if anchors[k] || a.Header.LastCounter > d.LastCounter {
			return fmt.Errorf("anchors[%d]: duplicate, or above the device's last counter", i)
		}
		if a.Header.LastCounter > d.LastAnchoredCounter {
			return fmt.Errorf("anchors[%d]: last counter %d above the device's last_anchored_counter %d", i, a.Header.LastCounter, d.LastAnchoredCounter)
		}
		anchors[k] = true
	}
	excursions := map[uint64]bool{}
	for i, e := range gs.Excursions {
		if _, ok := devices[e.Device]; !ok {
			return fmt.Errorf("excursions[%d]: device %s is not in genesis", i, e.Device)
		}
		if e.Id == 0 || e.Id >= gs.ExcursionSequence || excursions[e.Id] {
			return fmt.Errorf("excursions[%d]: ID %d is zero, duplicate or not below excursion_sequence %d", i, e.Id, gs.ExcursionSequence)
		}
		if e.ObjectId == "" {
			return fmt.Errorf("excursions[%d]: object_id missing", i)
		}
		excursions[e.Id] = true
	}
	if gs.ExcursionSequence == 0 {
		return fmt.Errorf("excursion_sequence must be at least 1")
	}
	clones := map[counterKey]bool{}
	for i, c := range gs.Clones {
		if _, ok := devices[c.Device]; !ok {
			return fmt.Errorf("clones[%d]: device %s is not in genesis", i, c.Device)
		}
		k := counterKey{c.Device, c.Counter}
		if clones[k] {
			return fmt.Errorf("clones[%d]: counter %d of %s twice", i, c.Counter, c.Device)
		}
		clones[k] = true
	}
	return nil
}

// validate checks a device record on its own.
func (d Device) validate() error {
	if id, err := CanonicalAddress("id", d.Id); err != nil || id != d.Id {
		return fmt.Errorf("id must be a lowercase 0x address")
	}
	key, err := ParsePublicKey(d.KeyType, d.PublicKey)
	if err != nil {
		return err
	}
	if FormatAddress(key.Address()) != d.Address {
		return fmt.Errorf("address %s is not the address of the public key", d.Address)
	}
	if d.KeyVersion == 0 && d.Address != d.Id {
		return fmt.Errorf("a device whose key was never rotated has its key's address as ID")
	}
	if d.OwnerOrgId == "" {
		return fmt.Errorf("owner_org_id missing")
	}
	switch d.Status {
	case DEVICE_STATUS_ACTIVE, DEVICE_STATUS_SUSPENDED, DEVICE_STATUS_REVOKED:
	default:
		return fmt.Errorf("status %s", d.Status)
	}
	if d.Kind == DEVICE_KIND_UNSPECIFIED {
		return fmt.Errorf("kind missing")
	}
	return nil
}
