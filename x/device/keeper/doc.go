// Package keeper implements x/device: the device registry, signed readings
// with replay and clone detection, batch anchors and excursions.
package keeper
