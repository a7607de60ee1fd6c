package follower

import (
	"encoding/json"
	"fmt"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/cmd/traceindexd/store"
	"github.com/tracechain/tracechain/x/lib/epcis"
	tracetypes "github.com/tracechain/tracechain/x/trace/types"
)

// BlockCaptures gathers the EPCIS events of one block's transactions.
// Error declarations change events recorded earlier: in this block (the
// write is replaced) or before (the stored record is read).
type BlockCaptures struct {
	st     *store.Store
	height int64
	time   time.Time
	writes []store.EPCISWrite
	byID   map[string]int
	// tx and n place the next event: its transaction and rank in it.
	started bool
	tx      uint32
	n       uint32
}

// NewBlockCaptures gathers the EPCIS events of block height, made at t.
func NewBlockCaptures(st *store.Store, height int64, t time.Time) *BlockCaptures {
	return &BlockCaptures{st: st, height: height, time: t, byID: map[string]int{}}
}

// addTx records the events every MsgCaptureEvents of a successful
// transaction captured, exactly as the keeper stored them (the same
// epcis.RecordedJSON, the IDs from the message responses).
func (b *BlockCaptures) addTx(tx sdk.Tx, msgData *sdk.TxMsgData, txIndex uint32, hash string, typed []store.Event, c *Codec) error {
	recorder, err := recorders(typed)
	if err != nil {
		return err
	}
	for mi, msg := range tx.GetMsgs() {
		capture, ok := msg.(*tracetypes.MsgCaptureEvents)
		if !ok {
			continue
		}
		if mi >= len(msgData.MsgResponses) {
			return fmt.Errorf("message %d: no response", mi)
		}
		var resp tracetypes.MsgCaptureEventsResponse
		if err := c.cdc.Unmarshal(msgData.MsgResponses[mi].Value, &resp); err != nil {
			return fmt.Errorf("message %d response: %w", mi, err)
		}
		if err := b.AddDocument(capture.Document, resp.EventIds, txIndex, hash, recorder); err != nil {
			return fmt.Errorf("message %d: %w", mi, err)
		}
	}
	return nil
}

// AddDocument records the events of one captured document, given the
// IDs the chain answered with, in transaction txIndex.
func (b *BlockCaptures) AddDocument(document []byte, ids []string, txIndex uint32, hash string, recorder map[string]string) error {
	if !b.started || txIndex != b.tx {
		b.started, b.tx, b.n = true, txIndex, 0
	}
	doc, err := epcis.ReadDocument(document)
	if err != nil {
		return fmt.Errorf("the chain accepted a document this indexer cannot read: %w", err)
	}
	if len(ids) != len(doc.Events) {
		return fmt.Errorf("%d events, %d IDs in the response", len(doc.Events), len(ids))
	}
	contextJSON, err := doc.ContextNode.MarshalJSON()
	if err != nil {
		return err
	}
	for i, node := range doc.Events {
		hashed := node.Clone()
		epcis.ExpandAgriBizStep(hashed)
		id := ids[i]
		if hashed.Get("errorDeclaration") != nil {
			if err := b.declare(id, hashed); err != nil {
				return fmt.Errorf("event %d: %w", i, err)
			}
			continue
		}
		bz, err := epcis.RecordedJSON(hashed, id, b.time)
		if err != nil {
			return err
		}
		stored, err := epcis.ParseJSON(bz)
		if err != nil {
			return err
		}
		b.byID[id] = len(b.writes)
		b.writes = append(b.writes, store.EPCISWrite{
			Pos: store.Pos{Height: b.height, Tx: txIndex, N: b.n},
			Record: store.EPCISRecord{
				EventID: id, Height: b.height, TxHash: hash, RecorderOrgID: recorder[id],
				Event: bz, Context: contextJSON,
			},
			Terms: store.Terms(stored),
		})
		b.n++
	}
	return nil
}

// Writes are the block's EPCIS writes, for store.BlockData.
func (b *BlockCaptures) Writes() []store.EPCISWrite { return b.writes }

// declare applies an error declaration to the event it repeats.
func (b *BlockCaptures) declare(id string, declaring *epcis.Node) error {
	var w store.EPCISWrite
	i, inBlock := b.byID[id]
	if inBlock {
		w = b.writes[i]
	} else {
		pos, rec, found, err := b.st.EPCISByID(id)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("the chain declared event %s erroneous, which this index does not hold", id)
		}
		w = store.EPCISWrite{Pos: pos, Record: rec}
	}
	bz, err := epcis.DeclaredJSON(w.Record.Event, declaring)
	if err != nil {
		return err
	}
	stored, err := epcis.ParseJSON(bz)
	if err != nil {
		return err
	}
	w.Record.Event, w.Terms = bz, store.Terms(stored)
	if inBlock {
		b.writes[i] = w
	} else {
		b.byID[id] = len(b.writes)
		b.writes = append(b.writes, w)
	}
	return nil
}

// recorders maps the transaction's captured eventIDs to the recording
// organization, from its typed EventCaptured events.
func recorders(typed []store.Event) (map[string]string, error) {
	out := map[string]string{}
	name := "tracechain.trace.v1.EventCaptured"
	for _, e := range typed {
		if e.Type != name {
			continue
		}
		var ev struct {
			EventID  string `json:"event_id"`
			Recorder string `json:"recorder_org_id"`
		}
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[ev.EventID] = ev.Recorder
	}
	return out, nil
}
