// Package app wires TraceChain: the module set (app_config.go), who may
// send which message (permissions.go), the ante chain (ante.go), export and
// upgrades.
package app
