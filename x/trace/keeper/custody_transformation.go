package keeper

import (
	"github.com/tracechain/tracechain/x/trace/types"
)

// transformationEvent consumes inputs and commissions outputs made from
// them; every input-output pair becomes a genealogy edge.
func (c *capture) transformationEvent(ev *parsedEvent, id string) error {
	nIn, nOut := len(ev.inputs)+len(ev.inputQty), len(ev.outputs)+len(ev.outputQty)
	if nIn == 0 || nOut == 0 {
		return fieldError("inputEPCList", "a TransformationEvent names its inputs and its outputs in the same event "+
			"(linking events by transformationID is not supported)")
	}
	if links := nIn * nOut; links > c.params.MaxTransformationLinks() {
		return types.ErrTooLarge.Wrapf("%d inputs × %d outputs make %d genealogy links, at most %d", nIn, nOut, links, c.params.MaxTransformationLinks())
	}
	sdkContext(c.ctx).GasMeter().ConsumeGas(c.params.GasPerIdentifier*uint64(nIn*nOut), "trace: genealogy links")

	inputIDs := make([]string, 0, nIn)
	inputs := make([]target, 0, nIn)
	for _, gid := range ev.inputs {
		inputs = append(inputs, target{id: gid})
	}
	for i := range ev.inputQty {
		inputs = append(inputs, target{id: ev.inputQty[i].id, qty: &ev.inputQty[i]})
	}
	owner := ""
	for _, in := range inputs {
		inputOwner, err := c.consume(in, ev, id)
		if err != nil {
			return err
		}
		if owner != "" && inputOwner != owner {
			return types.ErrNotOwner.Wrapf("inputEPCList: %s is owned by %s, another input by %s; the inputs of one transformation have one owner, who owns what is made of them",
				in.id.URI, inputOwner, owner)
		}
		owner = inputOwner
		inputIDs = append(inputIDs, in.id.URI)
	}
	// What is made of the owner's goods is the owner's, whoever processed
	// it: a processor holding another's goods makes them into goods it
	// holds for that owner, never into its own.
	for _, gid := range ev.outputs {
		if err := c.commission(gid, nil, ev, id, inputIDs, owner); err != nil {
			return err
		}
	}
	for i := range ev.outputQty {
		if err := c.commission(ev.outputQty[i].id, &ev.outputQty[i], ev, id, inputIDs, owner); err != nil {
			return err
		}
	}
	for _, in := range inputIDs {
		for _, gid := range ev.outputs {
			if err := c.edge(in, gid.URI, types.EDGE_KIND_TRANSFORMED); err != nil {
				return err
			}
		}
		for _, q := range ev.outputQty {
			if err := c.edge(in, q.id.URI, types.EDGE_KIND_TRANSFORMED); err != nil {
				return err
			}
		}
	}
	return nil
}

// consume uses up an input: an item entirely, a lot by the amount given
// (never below zero) or entirely when no amount is given. It returns the
// input's owner.
func (c *capture) consume(t target, ev *parsedEvent, id string) (string, error) {
	q := t.qty
	obj, err := c.sight(t, ev, id)
	if err != nil {
		return "", err
	}
	if err := requireHolder(obj, c.org); err != nil {
		return "", err
	}
	if err := c.requireMovable(c.ctx, obj); err != nil {
		return "", err
	}
	if obj.ContainerId != "" {
		return "", types.ErrAlreadyPacked.Wrapf("%s is packed in %s; unpack it before transforming it", obj.Id, obj.ContainerId)
	}
	used := true
	if q != nil && q.hasAmount {
		left, err := c.deduct(&obj, *q)
		if err != nil {
			return "", err
		}
		used = !left
	}
	if used {
		obj.Status = types.OBJECT_STATUS_CONSUMED
	}
	c.touch(&obj, ev, id)
	return obj.OwnerOrgId, c.putObject(obj)
}
