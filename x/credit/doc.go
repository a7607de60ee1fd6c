// Package credit is x/credit: credit records written by the modules that
// see orders, disputes, recalls and excursions and by regulators and
// certifiers, a versioned score with its explanation, appeals, and the
// restriction list. See README.md.
package credit
