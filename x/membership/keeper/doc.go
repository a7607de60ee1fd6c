// Package keeper holds the membership state and answers "may this account
// send this message?" for the ante handler and for other modules.
package keeper
