package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"

	"github.com/tracechain/tracechain/cmd/traceindexd/subscribe"
)

func isWebSocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// streamWriteTimeout bounds one message's write; streamPing keeps idle
// connections known to be alive.
const (
	streamWriteTimeout = 10 * time.Second
	streamPing         = 30 * time.Second
)

// streamQuery serves a WebSocket subscription: each batch of newly
// recorded events as an EPCISQueryDocument text message, from
// GS1-Query-Min-Record-Time (header) or initialRecordTime (parameter) on,
// else from now. A reader that falls behind is closed with a reason.
func (s *Server) streamQuery(c *gin.Context) {
	if c.Query("stream") != "true" {
		epcisFail(c, http.StatusBadRequest, "SubscribeNotPermittedException", "stream=true: a WebSocket subscription streams (scheduled delivery is offered to webhooks)")
		return
	}
	for name := range c.Request.URL.Query() {
		if name != "stream" && name != "initialRecordTime" {
			epcisFail(c, http.StatusBadRequest, "QueryParameterException", name+": a stream takes stream and initialRecordTime")
			return
		}
	}
	var initial *time.Time
	for _, v := range []string{c.GetHeader("GS1-Query-Min-Record-Time"), c.Query("initialRecordTime")} {
		if v == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			epcisFail(c, http.StatusBadRequest, "QueryParameterException", "GS1-Query-Min-Record-Time / initialRecordTime: "+v+" is not an RFC 3339 time")
			return
		}
		initial = &t
	}
	upgrader := websocket.Upgrader{CheckOrigin: s.allowedOrigin}
	conn, err := upgrader.Upgrade(c.Writer, c.Request, http.Header{HeightHeader: c.Writer.Header().Values(HeightHeader)})
	if err != nil {
		return // the upgrader answered the client
	}
	defer conn.Close()
	leaveAdmission(c)
	// The server's read and write timeouts are for requests; a stream
	// lives as long as its reader does.
	_ = conn.NetConn().SetDeadline(time.Time{})

	ctx, cancel := context.WithCancel(c.Request.Context())
	defer cancel()
	go func() { // the client's side: pongs and the close
		defer cancel()
		conn.SetPongHandler(func(string) error { return nil })
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	out := make(chan []byte, s.Queries.Limits.StreamQueue)
	ended := make(chan error, 1)
	go func() { ended <- s.Queries.Stream(ctx, c.Param("queryName"), initial, c.GetString(tokenNameKey), out) }()
	ping := time.NewTicker(streamPing)
	defer ping.Stop()
	for {
		select {
		case doc := <-out:
			_ = conn.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
			if err := conn.WriteMessage(websocket.TextMessage, doc); err != nil {
				return
			}
		case <-ping.C:
			if err := conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(streamWriteTimeout)); err != nil {
				return
			}
		case err := <-ended:
			var code int
			var reason string
			var limit *subscribe.ErrLimit
			switch {
			case errors.Is(err, subscribe.ErrNotFound):
				code, reason = websocket.CloseNormalClosure, "the query was removed"
			case errors.Is(err, subscribe.ErrRevoked):
				code, reason = websocket.ClosePolicyViolation, err.Error()
			case errors.Is(err, subscribe.ErrSlowConsumer):
				code, reason = websocket.ClosePolicyViolation, err.Error()
			case errors.As(err, &limit):
				code, reason = websocket.ClosePolicyViolation, err.Error()
			case err != nil:
				code, reason = websocket.CloseInternalServerErr, "the indexer failed to read its index"
			default: // the client left
				return
			}
			if len(reason) > 120 {
				reason = reason[:120]
			}
			_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(streamWriteTimeout))
			return
		}
	}
}

// allowedOrigin lets a browser open a stream from an origin the CORS
// allow-list names (or a client that sends no Origin).
func (s *Server) allowedOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	for _, o := range s.CORSOrigins {
		if o == "*" || o == origin {
			return true
		}
	}
	return false
}
