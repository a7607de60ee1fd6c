// Package membership is the consortium register: organizations, their
// member accounts and roles, the authority and its two-step hand-over, and
// the admission policy every transaction is checked against.
package membership
