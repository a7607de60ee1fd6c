package keeper

import (
	"context"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	"github.com/tracechain/tracechain/x/service/types"
)

// Mint issues settlement coins: only ISSUER organizations (banks, the
// settlement agent) create the coin orders are paid in.
func (s msgServer) Mint(ctx context.Context, msg *types.MsgMint) (*types.MsgMintResponse, error) {
	org, err := s.member(ctx, msg.Signer, membershiptypes.ORG_ROLE_ISSUER)
	if err != nil {
		return nil, err
	}
	if msg.Amount.IsNil() || !msg.Amount.IsPositive() {
		return nil, types.ErrInvalidAmount.Wrap("amount: a positive integer of base units")
	}
	to, err := s.addressCodec.StringToBytes(msg.Recipient)
	if err != nil {
		return nil, sdkerrors.ErrInvalidAddress.Wrapf("recipient %q: %s", msg.Recipient, err)
	}
	coins, err := s.coins(ctx, msg.Amount)
	if err != nil {
		return nil, err
	}
	if err := s.bank.MintCoins(ctx, types.SettlementAccount, coins); err != nil {
		return nil, err
	}
	if err := s.bank.SendCoinsFromModuleToAccount(ctx, types.SettlementAccount, to, coins); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventSettlementMinted{IssuerOrgId: org.Id, Recipient: msg.Recipient, Amount: coins.String()}); err != nil {
		return nil, err
	}
	return &types.MsgMintResponse{}, nil
}

// Burn destroys settlement coins the issuer holds (redeemed for money).
func (s msgServer) Burn(ctx context.Context, msg *types.MsgBurn) (*types.MsgBurnResponse, error) {
	org, err := s.member(ctx, msg.Signer, membershiptypes.ORG_ROLE_ISSUER)
	if err != nil {
		return nil, err
	}
	if msg.Amount.IsNil() || !msg.Amount.IsPositive() {
		return nil, types.ErrInvalidAmount.Wrap("amount: a positive integer of base units")
	}
	from, err := s.addressCodec.StringToBytes(msg.Signer)
	if err != nil {
		return nil, err
	}
	coins, err := s.coins(ctx, msg.Amount)
	if err != nil {
		return nil, err
	}
	if err := s.bank.SendCoinsFromAccountToModule(ctx, from, types.SettlementAccount, coins); err != nil {
		return nil, types.ErrInvalidAmount.Wrapf("burning %s: %s", coins, err)
	}
	if err := s.bank.BurnCoins(ctx, types.SettlementAccount, coins); err != nil {
		return nil, err
	}
	if err := s.emit(ctx, &types.EventSettlementBurned{IssuerOrgId: org.Id, From: msg.Signer, Amount: coins.String()}); err != nil {
		return nil, err
	}
	return &types.MsgBurnResponse{}, nil
}
