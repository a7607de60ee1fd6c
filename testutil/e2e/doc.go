// Package e2e holds end-to-end tests against real tracechaind processes on
// 127.0.0.1. They build with the e2e tag: `make test-e2e`.
package e2e
