// Package capture is the indexer's write path: the EPCIS 2.0 capture
// interface. A posted EPCISDocument becomes a capture job, kept in its own
// Pebble store, that a worker signs (as the deploying organization's
// keyring account) and broadcasts as MsgCaptureEvents, following it until
// the chain recorded or refused it. The signed transaction is stored
// before it is sent, so a job survives a crash at any point without being
// captured twice. The package is off unless the operator configures a key.
package capture

import (
	"time"
)

// Error behaviours (GS1-Capture-Error-Behaviour).
const (
	// Rollback is the chain's all-or-nothing: the whole document in one
	// MsgCaptureEvents; the first refused event refuses every event.
	Rollback = "rollback"
	// Proceed captures as many events as the chain accepts: a refused
	// event is reported and the document is sent again without it, until
	// the rest is recorded (each try is still all-or-nothing on chain).
	Proceed = "proceed"
)

// Job is a capture job as the EPCIS REST binding shows it (CaptureJob),
// with what the chain recorded.
type Job struct {
	CaptureID             string     `json:"captureID"`
	CreatedAt             time.Time  `json:"createdAt"`
	FinishedAt            *time.Time `json:"finishedAt,omitempty"`
	Running               bool       `json:"running"`
	Success               bool       `json:"success"`
	CaptureErrorBehaviour string     `json:"captureErrorBehaviour"`
	Errors                []Problem  `json:"errors"`
	// EventCount is how many events the document holds.
	EventCount int `json:"eventCount"`
	// Captured are the events on chain, in document order.
	Captured []Captured `json:"captured"`
	// Transactions are the capture transactions sent for this job.
	Transactions []Transaction `json:"transactions"`
	// SubmittedBy is the name of the client's token.
	SubmittedBy string `json:"submittedBy,omitempty"`
}

// Captured is one event of the document the chain holds.
type Captured struct {
	Index   int    `json:"index"`
	EventID string `json:"eventID"`
	Height  int64  `json:"height"`
	// AlreadyRecorded: the chain held the event before this job (a
	// document sent again resolves to the events it recorded the first
	// time).
	AlreadyRecorded bool `json:"alreadyRecorded,omitempty"`
}

// Transaction is one capture transaction and what became of it.
type Transaction struct {
	Hash string `json:"txHash"`
	// Events are the indexes, in the document, of the events it carries.
	Events []int `json:"events"`
	// State: pending, committed, refused (in a block or at admission) or
	// expired (never in a block before its timeout; its events were sent
	// again in a new transaction).
	State  string `json:"state"`
	Height int64  `json:"height,omitempty"`
}

// Transaction states.
const (
	TxPending   = "pending"
	TxCommitted = "committed"
	TxRefused   = "refused"
	TxExpired   = "expired"
)

// Problem is an error of a job as RFC 7807 problem details, with the
// event and the chain's registered error it concerns.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status,omitempty"`
	Detail string `json:"detail,omitempty"`
	// EventIndex is the event's place in the document (absent when the
	// whole document was refused).
	EventIndex *int   `json:"eventIndex,omitempty"`
	EventID    string `json:"eventID,omitempty"`
	// Codespace and Code are the chain's registered error.
	Codespace string `json:"codespace,omitempty"`
	Code      uint32 `json:"code,omitempty"`
	TxHash    string `json:"txHash,omitempty"`
	Height    int64  `json:"height,omitempty"`
}

// record is what the store keeps of a job: the job, its document and the
// work still to do.
type record struct {
	Job Job `json:"job"`
	// Document is the document as JSON-LD (an XML one converted), kept
	// under its own key (listing jobs never reads documents).
	Document []byte `json:"-"`
	// Declaring are the indexes of events that carry an errorDeclaration:
	// they share the ID of the event they correct, which the chain holds,
	// so they are never "already recorded".
	Declaring []int `json:"declaring,omitempty"`
	// EventIDs are the events' hash IDs, in document order.
	EventIDs []string `json:"eventIDs"`
	// Remaining are the indexes of events not yet recorded or refused.
	Remaining []int `json:"remaining"`
	// Pending is the transaction sent (or about to be) and not settled.
	Pending *attempt `json:"pending,omitempty"`
	// Checked: the chain was asked which events it already holds.
	Checked bool `json:"checked"`
}

// attempt is a signed capture transaction, stored before it is sent.
type attempt struct {
	Events  []int     `json:"events"`
	Tx      []byte    `json:"tx"`
	Hash    string    `json:"hash"`
	Timeout time.Time `json:"timeout"`
	// Accepted: a node took it into its mempool once, so it may still be
	// committed whatever a later broadcast is told.
	Accepted bool `json:"accepted,omitempty"`
}
