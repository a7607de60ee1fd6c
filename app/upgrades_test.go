package app_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/tracechain/tracechain/app"
	"github.com/tracechain/tracechain/testutil/apptest"
)

// scheduleUpgrade has the authority plan an upgrade three blocks ahead.
func scheduleUpgrade(t *testing.T, c *apptest.Chain, name string) int64 {
	t.Helper()
	height := c.App.LastBlockHeight() + 3
	res := c.Deliver([]*apptest.Account{c.Authority}, &upgradetypes.MsgSoftwareUpgrade{
		Authority: c.Authority.Bech32(), Plan: upgradetypes.Plan{Name: name, Height: height},
	})
	require.Zero(t, res.Code, res.Log)
	return height
}

// The path operators (or cosmovisor) take: the old binary halts at the plan
// height, the new binary, which knows the upgrade, takes over from there.
func TestUpgradeRunsWhenTheNewBinaryTakesOver(t *testing.T) {
	c := apptest.NewChain(t)
	height := scheduleUpgrade(t, c, "v2-test")
	for c.App.LastBlockHeight() < height-1 {
		c.NextBlock()
	}
	_, err := c.TryNextBlock()
	require.ErrorContains(t, err, `UPGRADE "v2-test" NEEDED`)

	var ranAt int64
	app.Upgrades = []app.Upgrade{{
		Name: "v2-test",
		Handler: func(ctx context.Context, a *app.App, plan upgradetypes.Plan, from module.VersionMap) (module.VersionMap, error) {
			ranAt = plan.Height
			return app.RunMigrations(ctx, a, plan, from)
		},
	}}
	t.Cleanup(func() { app.Upgrades = nil })
	c.Restart()
	for c.App.LastBlockHeight() < height+1 {
		c.NextBlock()
	}
	require.Equal(t, height, ranAt)
	name, doneAt, err := c.App.UpgradeKeeper.GetLastCompletedUpgrade(c.Context())
	require.NoError(t, err)
	require.Equal(t, "v2-test", name)
	require.Equal(t, height, doneAt)
}

// Without the upgrade's handler the old binary stops at the plan height,
// which is what cosmovisor waits for to switch binaries.
func TestUnknownUpgradeHaltsTheChain(t *testing.T) {
	c := apptest.NewChain(t)
	height := scheduleUpgrade(t, c, "v9-not-in-this-binary")
	for c.App.LastBlockHeight() < height-1 {
		c.NextBlock()
	}
	_, err := c.TryNextBlock()
	require.ErrorContains(t, err, `UPGRADE "v9-not-in-this-binary" NEEDED at height`)
}
