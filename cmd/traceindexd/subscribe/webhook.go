package subscribe

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// Webhooks sends deliveries. A subscriber names the URL, so the indexer
// must not become a way into the operator's own network: destinations
// resolving to loopback, private, link-local or unspecified addresses are
// refused when dialled (after DNS, so a name cannot be re-pointed), unless
// the operator allows them; redirects are not followed.
type Webhooks struct {
	client       *http.Client
	allowPrivate bool
}

// NewWebhooks is a webhook sender; allowPrivate lets deliveries reach
// private and loopback addresses (a subscriber inside the operator's
// network).
func NewWebhooks(allowPrivate bool, timeout time.Duration) *Webhooks {
	w := &Webhooks{allowPrivate: allowPrivate}
	dialer := &net.Dialer{Timeout: timeout, Control: w.control}
	w.client = &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return w
}

// control refuses, at connect time, an address the operator did not allow.
func (w *Webhooks) control(_, address string, _ syscall.RawConn) error {
	if w.allowPrivate {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !public(addr) {
		return fmt.Errorf("dest %s: not a public address (this indexer delivers to public addresses only)", host)
	}
	return nil
}

// special are the IANA special-purpose ranges beyond what netip's
// predicates name: shared address space (carrier NAT; some clouds' metadata
// services), IETF protocol assignments, benchmarking, reserved, NAT64,
// documentation.
var special = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("240.0.0.0/4"), netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"), netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("100::/64"),
}

// public says whether an address is one deliveries may reach.
func public(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsGlobalUnicast() || a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() {
		return false
	}
	for _, p := range special {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// CheckDest checks a destination URL as a subscription is made.
func (w *Webhooks) CheckDest(dest string) error {
	if len(dest) > 2048 {
		return invalid("dest: at most 2048 characters")
	}
	u, err := url.Parse(dest)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return invalid("dest: %q: an http(s) URL without credentials", dest)
	}
	if !w.allowPrivate {
		if ip := net.ParseIP(u.Hostname()); ip != nil {
			if err := w.control("", net.JoinHostPort(ip.String(), "80"), nil); err != nil {
				return invalid("%v", err)
			}
		}
	}
	return nil
}

// Signature is the GS1-Signature of a delivery: HMAC-SHA256 of the body
// under the subscriber's signatureToken, hex, named by its algorithm.
func Signature(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// deliver posts an EPCISQueryDocument; any answer but a 2xx is a failure.
func (w *Webhooks) deliver(ctx context.Context, sub *Subscription, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.Dest, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/ld+json")
	req.Header.Set("GS1-EPCIS-Version", "2.0.0")
	req.Header.Set("GS1-CBV-Version", "2.0.0")
	req.Header.Set("GS1-Subscription-ID", sub.SubscriptionID)
	req.Header.Set("GS1-Query-Name", sub.QueryName)
	if sub.Secret != "" {
		req.Header.Set("GS1-Signature", Signature(sub.Secret, body))
	}
	resp, err := w.client.Do(req)
	if err != nil {
		// Kept vague: the reason is shown to the subscriber, and a dial
		// error's detail would make the indexer a port scanner.
		return fmt.Errorf("dest did not answer (no connection, or no answer within %s)", w.client.Timeout)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("dest answered %s", resp.Status)
	}
	return nil
}
