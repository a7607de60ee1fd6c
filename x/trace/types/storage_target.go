package types

// StorageTarget is an object a device's reading is about, with the
// storage limits of its product: what x/device checks readings against.
type StorageTarget struct {
	ObjectID   string
	OwnerOrgID string
	GTIN       string
	MinCelsius string // empty: no lower limit
	MaxCelsius string // empty: no upper limit
	// The AssociationEvent that tied the device to the object, the
	// organization that recorded it, and the logistic unit it went through
	// when the object is packed in one.
	AssociationEventID string
	AssociatedBy       string
	Via                string
}
