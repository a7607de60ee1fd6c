package api

import (
	"strconv"
	"time"

	"github.com/cosmos/gogoproto/proto"

	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// certificate is one certification as the page shows it: of the object
// or of a lot it was made from, valid, expired or revoked at the block the
// page reflects.
type certificate struct {
	Kind, Subject, Certifier, Until, State, StateClass, Reason string
	ID                                                         string
}

// maxCertificates bounds what one page lists per subject.
const maxCertificates = 20

// certificates reads the certifications of the object and of its origins.
func (s *Server) certificates(r *resolved, ask func(string, proto.Message, proto.Message) (bool, error), at time.Time, t words) ([]certificate, error) {
	subjects := []string{r.ID.URI}
	for _, o := range r.Origins {
		if o.Object != r.ID.URI {
			subjects = append(subjects, o.Object)
		}
	}
	var out []certificate
	for _, subject := range subjects {
		var res tracetypes.QueryCertificationsResponse
		if _, err := ask("/tracechain.trace.v1.Query/Certifications", &tracetypes.QueryCertificationsRequest{Subject: subject}, &res); err != nil {
			return nil, err
		}
		for i, c := range res.Certifications {
			if i == maxCertificates {
				break
			}
			cert := certificate{Kind: t.CertKinds[c.Kind], Subject: c.Subject, Certifier: c.CertifierOrgId, Until: c.ValidUntil, ID: strconv.FormatUint(c.Id, 10)}
			if until, err := time.Parse(time.RFC3339Nano, c.ValidUntil); err == nil {
				cert.Until = until.UTC().Format("2006-01-02")
			}
			switch {
			case c.Revoked:
				cert.State, cert.StateClass, cert.Reason = t.Revoked, "warn", c.RevocationReason
			case expired(c.ValidUntil, at):
				cert.State, cert.StateClass = t.Expired, "warn"
			default:
				cert.State, cert.StateClass = t.Valid, "ok"
			}
			out = append(out, cert)
		}
	}
	return out, nil
}

// expired says whether a certification's validity ended before at.
func expired(until string, at time.Time) bool {
	u, err := time.Parse(time.RFC3339Nano, until)
	return err == nil && !at.IsZero() && u.Before(at)
}
