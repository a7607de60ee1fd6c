package cmd

import (
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/types/module"
)

func localnetCommand(module.BasicManager) *cobra.Command {
	return &cobra.Command{Use: "localnet"}
}
