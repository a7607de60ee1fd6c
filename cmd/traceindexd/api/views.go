package api

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cosmos/gogoproto/proto"
	"github.com/gin-gonic/gin"

	"github.com/cosmos/cosmos-sdk/types/query"

	credittypes "github.com/tracechain/tracechain/x/credit/types"
	devicetypes "github.com/tracechain/tracechain/x/device/types"
	membershiptypes "github.com/tracechain/tracechain/x/membership/types"
	servicetypes "github.com/tracechain/tracechain/x/service/types"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// StateReader answers the domain views: the chain's own queries, asked
// of the node against the state at the height the index has reached, so
// that every answer is the chain's answer at the height it names.
type StateReader interface {
	QueryAt(ctx context.Context, method string, req, resp proto.Message, height int64) error
	ProtoJSON(msg proto.Message) ([]byte, error)
}

// view is one REST route answered by one chain query.
type view struct {
	method string
	// request builds the query from the route's parameters; an error
	// names the bad parameter.
	request  func(c *gin.Context) (proto.Message, error)
	response func() proto.Message
}

func (s *Server) viewRoutes(g *gin.RouterGroup) {
	byID := func(make func(id string) proto.Message) func(c *gin.Context) (proto.Message, error) {
		return func(c *gin.Context) (proto.Message, error) { return make(c.Param("id")), nil }
	}
	g.GET("/objects/:id", s.view(view{
		"/tracechain.trace.v1.Query/Object",
		byID(func(id string) proto.Message { return &tracetypes.QueryObjectRequest{Id: id} }),
		func() proto.Message { return &tracetypes.QueryObjectResponse{} },
	}))
	g.GET("/objects/:id/events", s.view(view{
		"/tracechain.trace.v1.Query/ObjectEvents",
		paged(func(c *gin.Context, p *query.PageRequest) (proto.Message, error) {
			return &tracetypes.QueryObjectEventsRequest{Id: c.Param("id"), Pagination: p}, nil
		}),
		func() proto.Message { return &tracetypes.QueryObjectEventsResponse{} },
	}))
	g.GET("/certifications", s.view(view{
		"/tracechain.trace.v1.Query/Certifications",
		paged(func(c *gin.Context, p *query.PageRequest) (proto.Message, error) {
			return &tracetypes.QueryCertificationsRequest{Subject: c.Query("subject"), Pagination: p}, nil
		}),
		func() proto.Message { return &tracetypes.QueryCertificationsResponse{} },
	}))
	g.GET("/trace/:id", s.view(view{
		"/tracechain.trace.v1.Query/Genealogy", genealogyRequest,
		func() proto.Message { return &tracetypes.QueryGenealogyResponse{} },
	}))
	g.GET("/recalls/:id", s.view(view{
		"/tracechain.trace.v1.Query/Recall",
		withUint("id", func(id uint64, _ *query.PageRequest) proto.Message {
			return &tracetypes.QueryRecallRequest{RecallId: id}
		}),
		func() proto.Message { return &tracetypes.QueryRecallResponse{} },
	}))
	g.GET("/recalls/:id/affected", s.view(view{
		"/tracechain.trace.v1.Query/RecallAffected",
		withUint("id", func(id uint64, p *query.PageRequest) proto.Message {
			return &tracetypes.QueryRecallAffectedRequest{RecallId: id, Pagination: p}
		}),
		func() proto.Message { return &tracetypes.QueryRecallAffectedResponse{} },
	}))
	g.GET("/recalls/:id/holders", s.view(view{
		"/tracechain.trace.v1.Query/RecallHolders",
		withUint("id", func(id uint64, p *query.PageRequest) proto.Message {
			return &tracetypes.QueryRecallHoldersRequest{RecallId: id, Pagination: p}
		}),
		func() proto.Message { return &tracetypes.QueryRecallHoldersResponse{} },
	}))
	g.GET("/orgs/:id", s.org)
	g.GET("/orgs/:id/credit", s.view(view{
		"/tracechain.credit.v1.Query/Records",
		paged(func(c *gin.Context, p *query.PageRequest) (proto.Message, error) {
			return &credittypes.QueryRecordsRequest{OrgId: c.Param("id"), Pagination: p}, nil
		}),
		func() proto.Message { return &credittypes.QueryRecordsResponse{} },
	}))
	g.GET("/orgs/:id/orders", s.view(view{
		"/tracechain.service.v1.Query/Orders",
		paged(func(c *gin.Context, p *query.PageRequest) (proto.Message, error) {
			return &servicetypes.QueryOrdersRequest{OrgId: c.Param("id"), Pagination: p}, nil
		}),
		func() proto.Message { return &servicetypes.QueryOrdersResponse{} },
	}))
	g.GET("/devices/:id", s.view(view{
		"/tracechain.device.v1.Query/Device",
		byID(func(id string) proto.Message { return &devicetypes.QueryDeviceRequest{Device: id} }),
		func() proto.Message { return &devicetypes.QueryDeviceResponse{} },
	}))
	g.GET("/orders/:id", s.view(view{
		"/tracechain.service.v1.Query/Order",
		withUint("id", func(id uint64, _ *query.PageRequest) proto.Message {
			return &servicetypes.QueryOrderRequest{OrderId: id}
		}),
		func() proto.Message { return &servicetypes.QueryOrderResponse{} },
	}))
}

// view answers a route with its query: {"height": h, ...the answer}.
func (s *Server) view(v view) gin.HandlerFunc {
	return func(c *gin.Context) {
		height := heightOf(c)
		req, err := v.request(c)
		if err != nil {
			fail(c, http.StatusBadRequest, "invalid_parameter", err.Error())
			return
		}
		resp := v.response()
		if !s.ask(c, v.method, req, resp, height) {
			return
		}
		if bz, ok := s.marshal(c, resp); ok {
			c.Data(http.StatusOK, "application/json; charset=utf-8", withHeight(height, bz))
		}
	}
}

// org: the organization with its credit score, grade and explanation.
func (s *Server) org(c *gin.Context) {
	height := heightOf(c)
	id := c.Param("id")
	var org membershiptypes.QueryOrganizationResponse
	if !s.ask(c, "/tracechain.membership.v1.Query/Organization", &membershiptypes.QueryOrganizationRequest{OrgId: id}, &org, height) {
		return
	}
	var score credittypes.QueryScoreResponse
	if !s.ask(c, "/tracechain.credit.v1.Query/Score", &credittypes.QueryScoreRequest{OrgId: id}, &score, height) {
		return
	}
	orgJSON, ok := s.marshal(c, &org.Organization)
	if !ok {
		return
	}
	scoreJSON, ok := s.marshal(c, &score.Score)
	if !ok {
		return
	}
	body := fmt.Appendf(nil, `{"height":%d,"organization":%s,"credit":%s}`, height, orgJSON, scoreJSON)
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
}

// nodeRefusal is a query the node refused (the follower's QueryError):
// whether it found no such thing, or the request was not one it answers.
type nodeRefusal interface {
	error
	NotFound() bool
	Invalid() bool
}

// ask runs one query into resp and writes the error answer itself when
// it fails.
func (s *Server) ask(c *gin.Context, method string, req, resp proto.Message, height int64) bool {
	if height == 0 {
		fail(c, http.StatusServiceUnavailable, "not_ready", "nothing indexed yet")
		return false
	}
	err := s.State.QueryAt(c.Request.Context(), method, req, resp, height)
	var refused nodeRefusal
	switch {
	case errors.As(err, &refused) && refused.NotFound():
		fail(c, http.StatusNotFound, "not_found", refused.Error())
		return false
	case errors.As(err, &refused) && refused.Invalid():
		fail(c, http.StatusBadRequest, "invalid_parameter", refused.Error())
		return false
	case err != nil:
		fail(c, http.StatusBadGateway, "node_unavailable", err.Error())
		return false
	}
	return true
}

func (s *Server) marshal(c *gin.Context, msg proto.Message) ([]byte, bool) {
	bz, err := s.State.ProtoJSON(msg)
	if err != nil {
		fail(c, http.StatusInternalServerError, "internal", err.Error())
		return nil, false
	}
	return bz, true
}

// withHeight puts "height" first in a JSON object.
func withHeight(height int64, obj []byte) []byte {
	rest := bytes.TrimSpace(obj)[1:]
	sep := ","
	if bytes.HasPrefix(bytes.TrimSpace(rest), []byte("}")) {
		sep = ""
	}
	return append(fmt.Appendf(nil, `{"height":%d%s`, height, sep), rest...)
}

// paged reads page_token (the next_key of a previous answer) and limit.
func paged(build func(c *gin.Context, p *query.PageRequest) (proto.Message, error)) func(c *gin.Context) (proto.Message, error) {
	return func(c *gin.Context) (proto.Message, error) {
		p, err := pageRequest(c)
		if err != nil {
			return nil, err
		}
		return build(c, p)
	}
}

// Without limit the chain's default applies (100, with the total counted),
// so that the answer is the one the chain gives the same request.
func pageRequest(c *gin.Context) (*query.PageRequest, error) {
	limit, err := intParam(c, "limit", 0, maxLimit)
	if err != nil {
		return nil, err
	}
	p := &query.PageRequest{Limit: uint64(limit)}
	if tok := c.Query("page_token"); tok != "" {
		key, err := base64.StdEncoding.DecodeString(tok)
		if err != nil {
			if key, err = base64.URLEncoding.DecodeString(tok); err != nil {
				return nil, errors.New("page_token: not the pagination.next_key of an answer")
			}
		}
		p.Key = key
	}
	return p, nil
}

// withUint reads a numeric path parameter (recall and order IDs).
func withUint(name string, build func(id uint64, p *query.PageRequest) proto.Message) func(c *gin.Context) (proto.Message, error) {
	return func(c *gin.Context) (proto.Message, error) {
		id, err := strconv.ParseUint(c.Param(name), 10, 64)
		if err != nil || id == 0 {
			return nil, fmt.Errorf("%s: %q is not a positive whole number", name, c.Param(name))
		}
		p, err := pageRequest(c)
		if err != nil {
			return nil, err
		}
		return build(id, p), nil
	}
}

// genealogyRequest: /v1/trace/{id}?direction=up|down|both&depth=N
func genealogyRequest(c *gin.Context) (proto.Message, error) {
	dirs := map[string]tracetypes.GenealogyDirection{
		"up": tracetypes.GENEALOGY_DIRECTION_UP, "down": tracetypes.GENEALOGY_DIRECTION_DOWN, "both": tracetypes.GENEALOGY_DIRECTION_BOTH,
	}
	dir, ok := dirs[strings.ToLower(c.DefaultQuery("direction", "both"))]
	if !ok {
		return nil, fmt.Errorf("direction: %q is not up, down or both", c.Query("direction"))
	}
	depth, err := intParam(c, "depth", 0, 32)
	if err != nil {
		return nil, err
	}
	return &tracetypes.QueryGenealogyRequest{Id: c.Param("id"), Direction: dir, Depth: uint32(depth)}, nil
}
