// Package keeper holds the trace state and enforces the custody rules:
// capture checks each EPCIS event, computes its hash ID and applies it
// (commission, ship, receive, pack, transform, sell, associate); recalls
// spread in EndBlock; queries read objects, events, genealogy, recalls and
// certifications.
package keeper
