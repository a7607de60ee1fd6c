package app

import (
	"encoding/json"

	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"

	poatypes "github.com/tracechain/tracechain/x/poa/types"
)

// ExportAppStateAndValidators dumps the state as a genesis file. There is
// no staking state to settle, so a zero-height export only resets the height.
func (app *App) ExportAppStateAndValidators(forZeroHeight bool, _, modulesToExport []string) (servertypes.ExportedApp, error) {
	ctx := app.NewContextLegacy(true, cmtproto.Header{Height: app.LastBlockHeight()})
	height := app.LastBlockHeight() + 1
	if forZeroHeight {
		height = 0
	}
	genState, err := app.ModuleManager.ExportGenesisForModules(ctx, app.appCodec, modulesToExport)
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	appState, err := json.MarshalIndent(genState, "", "  ")
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	poaState, err := app.PoaKeeper.ExportGenesis(ctx)
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	validators := make([]cmttypes.GenesisValidator, 0, len(poaState.Validators))
	for _, v := range poaState.Validators {
		pk, err := poatypes.ConsensusPubKey(app.interfaceRegistry, v.ConsensusPubkey)
		if err != nil {
			return servertypes.ExportedApp{}, err
		}
		cmtKey := cmted25519.PubKey(pk.Key)
		validators = append(validators, cmttypes.GenesisValidator{
			Address: cmtKey.Address(), PubKey: cmtKey, Power: v.Power, Name: v.Name,
		})
	}
	return servertypes.ExportedApp{
		AppState:        appState,
		Validators:      validators,
		Height:          height,
		ConsensusParams: app.GetConsensusParams(ctx),
	}, nil
}
