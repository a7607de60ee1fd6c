package api

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// Limits are the indexer's admission limits: who gets how much of it.
// A zero rate or cap means unlimited.
type Limits struct {
	// ClientRate and ClientBurst bound each client's requests (a client is
	// its IP address, as the trusted proxies report it; IPv6 by /64).
	ClientRate  float64
	ClientBurst int
	// MaxInFlight caps the requests being answered at once, all clients
	// together; one more is a 429 at once rather than a queue.
	MaxInFlight int
	// ClientInFlight caps one client's requests being answered at once, so
	// that one client (slow to read its answers, say) cannot hold the
	// whole in-flight allowance.
	ClientInFlight int
	// UploadRate and UploadBurst bound each member account's batch uploads.
	UploadRate  float64
	UploadBurst int
	// MaxUploads caps the batch uploads being read and checked at once
	// (each holds memory in proportion to its batch).
	MaxUploads int
}

// DefaultLimits are the `start` flags' defaults.
var DefaultLimits = Limits{ClientRate: 100, ClientBurst: 200, MaxInFlight: 256, ClientInFlight: 16, UploadRate: 2, UploadBurst: 10, MaxUploads: 2}

// maxTrackedKeys bounds the limiters kept (clients, members): beyond it
// new keys share one limiter, so that many source addresses cannot grow
// the indexer's memory.
const maxTrackedKeys = 100_000

// keyedLimiter is one token bucket per key, forgetting keys idle long
// enough for their bucket to be full again.
type keyedLimiter struct {
	rate  rate.Limit
	burst int

	mu       sync.Mutex
	buckets  map[string]*bucket
	overflow *rate.Limiter
	swept    time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newKeyedLimiter(perSecond float64, burst int) *keyedLimiter {
	if perSecond <= 0 {
		return nil
	}
	burst = max(burst, 1)
	return &keyedLimiter{
		rate: rate.Limit(perSecond), burst: burst,
		buckets:  map[string]*bucket{},
		overflow: rate.NewLimiter(rate.Limit(perSecond), burst),
		swept:    time.Now(),
	}
}

// wait says how long key must wait for its next request: zero if it may
// go now (the token is taken), else the delay (nothing is taken).
func (k *keyedLimiter) wait(key string, now time.Time) time.Duration {
	if k == nil {
		return 0
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.sweep(now)
	lim := k.overflow
	if b, ok := k.buckets[key]; ok {
		b.seen, lim = now, b.lim
	} else if len(k.buckets) < maxTrackedKeys {
		lim = rate.NewLimiter(k.rate, k.burst)
		k.buckets[key] = &bucket{lim: lim, seen: now}
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return d
	}
	return 0
}

// sweep forgets, once a minute, the keys whose buckets have refilled.
func (k *keyedLimiter) sweep(now time.Time) {
	if now.Sub(k.swept) < time.Minute {
		return
	}
	k.swept = now
	full := time.Duration(float64(k.burst)/float64(k.rate)*float64(time.Second)) + time.Second
	for key, b := range k.buckets {
		if now.Sub(b.seen) > full {
			delete(k.buckets, key)
		}
	}
}

// admission applies the limits: every request counts against its
// client's rate; all but liveness, readiness and metrics (which an
// operator must reach on an overloaded indexer) against the in-flight caps.
type admission struct {
	clients        *keyedLimiter
	uploads        *keyedLimiter
	inFlight       chan struct{}
	uploadSlots    chan struct{}
	clientInFlight int
	mu             sync.Mutex
	perClient      map[string]int
	// answering counts requests in flight, capped or not (for /metrics).
	answering atomic.Int64
}

func newAdmission(l Limits) *admission {
	a := &admission{
		clients: newKeyedLimiter(l.ClientRate, l.ClientBurst), uploads: newKeyedLimiter(l.UploadRate, l.UploadBurst),
		clientInFlight: l.ClientInFlight, perClient: map[string]int{},
	}
	if l.MaxInFlight > 0 {
		a.inFlight = make(chan struct{}, l.MaxInFlight)
	}
	if l.MaxUploads > 0 {
		a.uploadSlots = make(chan struct{}, l.MaxUploads)
	}
	return a
}

// uncapped are the routes monitoring reads: constant work, outside the
// in-flight caps (still within the client's rate).
var uncapped = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

func (a *admission) handle(c *gin.Context) {
	client := clientKey(c)
	if d := a.clients.wait(client, time.Now()); d > 0 {
		tooMany(c, d, "rate_limited", "this client is over its request rate")
		return
	}
	if uncapped[c.Request.URL.Path] {
		c.Next()
		return
	}
	if !a.enterClient(client) {
		tooMany(c, time.Second, "busy", fmt.Sprintf("this client has %d requests being answered already", a.clientInFlight))
		return
	}
	if a.inFlight != nil {
		select {
		case a.inFlight <- struct{}{}:
		default:
			a.leaveClient(client)
			tooMany(c, time.Second, "busy", fmt.Sprintf("the indexer is answering %d requests already", cap(a.inFlight)))
			return
		}
	}
	a.answering.Add(1)
	release := sync.OnceFunc(func() {
		a.answering.Add(-1)
		if a.inFlight != nil {
			<-a.inFlight
		}
		a.leaveClient(client)
	})
	defer release()
	c.Set(admissionReleaseKey, release)
	c.Next()
}

const admissionReleaseKey = "traceindexd.admission.release"

// leaveAdmission gives back a request's in-flight slots before it ends: a
// WebSocket stream, which lives as long as its reader, is bounded by the
// subscription caps instead.
func leaveAdmission(c *gin.Context) {
	if release, ok := c.Get(admissionReleaseKey); ok {
		release.(func())()
	}
}

// enterClient counts one more request of client in flight, if under its cap.
func (a *admission) enterClient(client string) bool {
	if a.clientInFlight <= 0 {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.perClient[client] >= a.clientInFlight {
		return false
	}
	a.perClient[client]++
	return true
}

func (a *admission) leaveClient(client string) {
	if a.clientInFlight <= 0 {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.perClient[client]--; a.perClient[client] <= 0 {
		delete(a.perClient, client)
	}
}

// upload takes one of the upload slots (release it when done), or answers 429.
func (a *admission) upload(c *gin.Context) (release func(), ok bool) {
	if a.uploadSlots == nil {
		return func() {}, true
	}
	select {
	case a.uploadSlots <- struct{}{}:
		return func() { <-a.uploadSlots }, true
	default:
		tooMany(c, 5*time.Second, "busy", fmt.Sprintf("%d batch uploads are being read already", cap(a.uploadSlots)))
		return nil, false
	}
}

// inFlightNow is the number of metered requests being answered.
func (a *admission) inFlightNow() int64 { return a.answering.Load() }

// member takes one of a member account's uploads, or answers 429.
func (a *admission) member(c *gin.Context, account string) bool {
	if d := a.uploads.wait(account, time.Now()); d > 0 {
		tooMany(c, d, "rate_limited", "member "+account+" is over its batch upload rate")
		return false
	}
	return true
}

func tooMany(c *gin.Context, wait time.Duration, code, message string) {
	secs := int(math.Ceil(wait.Seconds()))
	c.Header("Retry-After", strconv.Itoa(max(secs, 1)))
	fail(c, http.StatusTooManyRequests, code, message+"; retry after the Retry-After header's seconds")
}

// clientKey is the client's address, a whole IPv6 /64 as one client (a
// host usually holds the whole prefix).
func clientKey(c *gin.Context) string {
	ip := c.ClientIP()
	if parsed := net.ParseIP(ip); parsed != nil && parsed.To4() == nil {
		return parsed.Mask(net.CIDRMask(64, 128)).String()
	}
	return ip
}
