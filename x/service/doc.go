// Package service is x/service: the settlement coin ISSUERs mint and burn,
// service offerings, and orders with escrow, delivery evidence, disputes
// arbitrated by ARBITER organizations, and deadlines processed in EndBlock.
// See README.md.
package service
