package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/tracechain/tracechain/x/trace/types"
)

// edgesPerNode bounds the edges a genealogy walk examines, relative to its
// node limit, so that a walk through many already-visited nodes stays cheap.
const edgesPerNode = 4

// genealogyWalk is one breadth-first walk over the genealogy graph.
type genealogyWalk struct {
	k        Keeper
	ctx      context.Context
	maxNodes int
	maxEdges int
	seen     map[string]bool
	events   map[string]bool
	resp     types.QueryGenealogyResponse
}

// Genealogy walks from an object toward its sources (up), toward what was
// made from it or packed it (down), or both, to depth levels and at most
// maxNodes objects. Both directions are walked separately: "both" is the
// ancestry and the descent of the object, not everything connected to it.
func (k Keeper) Genealogy(ctx context.Context, id string, dir types.GenealogyDirection, depth, maxNodes uint32) (*types.QueryGenealogyResponse, error) {
	start, err := k.getObject(ctx, id)
	if err != nil {
		return nil, err
	}
	w := &genealogyWalk{
		k: k, ctx: ctx, maxNodes: int(maxNodes), maxEdges: edgesPerNode * int(maxNodes),
		seen: map[string]bool{id: true}, events: map[string]bool{},
	}
	w.resp.Nodes = append(w.resp.Nodes, types.GenealogyNode{Object: start})
	if dir == types.GENEALOGY_DIRECTION_UP || dir == types.GENEALOGY_DIRECTION_BOTH {
		if err := w.walk(id, int(depth), -1); err != nil {
			return nil, err
		}
	}
	if dir == types.GENEALOGY_DIRECTION_DOWN || dir == types.GENEALOGY_DIRECTION_BOTH {
		if err := w.walk(id, int(depth), 1); err != nil {
			return nil, err
		}
	}
	return &w.resp, nil
}

// walk visits level by level; step is -1 upward, +1 downward.
func (w *genealogyWalk) walk(start string, depth, step int) error {
	level := []string{start}
	for d := 1; d <= depth && len(level) > 0; d++ {
		var next []string
		for _, cur := range level {
			edges, err := w.edgesOf(cur, step)
			if err != nil {
				return err
			}
			for _, e := range edges {
				if len(w.resp.Edges) >= w.maxEdges {
					w.resp.Truncated = true
					return nil
				}
				other := e.To
				if step < 0 {
					other = e.From
				}
				if !w.seen[other] {
					if len(w.resp.Nodes) >= w.maxNodes {
						w.resp.Truncated = true
						return nil
					}
					obj, err := w.k.getObject(w.ctx, other)
					if err != nil {
						return err
					}
					w.seen[other] = true
					w.resp.Nodes = append(w.resp.Nodes, types.GenealogyNode{Object: obj, Depth: int32(step * d)})
					next = append(next, other)
				}
				w.resp.Edges = append(w.resp.Edges, e)
				if !w.events[e.EventId] {
					w.events[e.EventId] = true
					w.resp.EventIds = append(w.resp.EventIds, e.EventId)
				}
			}
		}
		level = next
	}
	return nil
}

// edgesOf lists an object's edges toward sources (step < 0) or products.
func (w *genealogyWalk) edgesOf(id string, step int) ([]types.Edge, error) {
	var out []types.Edge
	if step > 0 {
		err := w.k.Edges.Walk(w.ctx, collections.NewPrefixedPairRange[string, string](id), func(_ strPair, e types.Edge) (bool, error) {
			out = append(out, e)
			return len(out) > w.maxEdges, nil
		})
		return out, err
	}
	err := w.k.EdgesReverse.Walk(w.ctx, collections.NewPrefixedPairRange[string, string](id), func(key strPair) (bool, error) {
		e, err := w.k.Edges.Get(w.ctx, collections.Join(key.K2(), id))
		if err != nil {
			return true, err
		}
		out = append(out, e)
		return len(out) > w.maxEdges, nil
	})
	return out, err
}

func (q queryServer) Genealogy(ctx context.Context, req *types.QueryGenealogyRequest) (*types.QueryGenealogyResponse, error) {
	if req == nil {
		req = &types.QueryGenealogyRequest{}
	}
	id, err := objectID("id", req.Id)
	if err != nil {
		return nil, err
	}
	params, err := q.k.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	dir := req.Direction
	switch dir {
	case types.GENEALOGY_DIRECTION_UNSPECIFIED:
		dir = types.GENEALOGY_DIRECTION_BOTH
	case types.GENEALOGY_DIRECTION_UP, types.GENEALOGY_DIRECTION_DOWN, types.GENEALOGY_DIRECTION_BOTH:
	default:
		return nil, status.Errorf(codes.InvalidArgument, "direction: %d is not UP, DOWN or BOTH", req.Direction)
	}
	depth := req.Depth
	if depth == 0 {
		depth = params.MaxGenealogyDepth
	}
	if depth > params.MaxGenealogyDepth {
		return nil, status.Errorf(codes.InvalidArgument, "depth: %d is more than the module's maximum %d", depth, params.MaxGenealogyDepth)
	}
	resp, err := q.k.Genealogy(ctx, id, dir, depth, params.MaxGenealogyNodes)
	if err != nil {
		if types.ErrObjectNotFound.Is(err) {
			return nil, status.Error(codes.NotFound, err.Error())
		}
		return nil, status.Error(codes.Internal, err.Error())
	}
	return resp, nil
}
