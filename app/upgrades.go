package app

import (
	"context"
	"fmt"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// Upgrade is one coordinated software upgrade: the plan name the authority
// schedules with `tx upgrade software-upgrade`, the migration it runs, and
// the stores it adds or removes.
type Upgrade struct {
	Name          string
	Handler       func(ctx context.Context, app *App, plan upgradetypes.Plan, from module.VersionMap) (module.VersionMap, error)
	StoreUpgrades storetypes.StoreUpgrades
}

// Upgrades lists every upgrade this binary can perform, oldest first. A
// release adds an entry here; operators then switch binaries at the plan
// height by hand or with cosmovisor.
var Upgrades []Upgrade

// RunMigrations is the handler of upgrades that only run module migrations.
func RunMigrations(ctx context.Context, app *App, _ upgradetypes.Plan, from module.VersionMap) (module.VersionMap, error) {
	return app.ModuleManager.RunMigrations(ctx, app.Configurator(), from)
}

// registerUpgradeHandlers wires Upgrades into x/upgrade and, when the node
// restarts at an upgrade height, mounts the upgrade's store changes.
func (app *App) registerUpgradeHandlers() error {
	return app.registerUpgrades(Upgrades)
}

func (app *App) registerUpgrades(upgrades []Upgrade) error {
	for _, u := range upgrades {
		app.UpgradeKeeper.SetUpgradeHandler(u.Name, func(ctx context.Context, plan upgradetypes.Plan, from module.VersionMap) (module.VersionMap, error) {
			return u.Handler(ctx, app, plan, from)
		})
	}
	info, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		return fmt.Errorf("reading upgrade-info.json: %w", err)
	}
	if info.Name == "" || app.UpgradeKeeper.IsSkipHeight(info.Height) {
		return nil
	}
	for _, u := range upgrades {
		if u.Name == info.Name {
			storeUpgrades := u.StoreUpgrades
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(info.Height, &storeUpgrades))
		}
	}
	return nil
}
