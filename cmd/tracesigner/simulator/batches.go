package simulator

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"time"

	"github.com/tracechain/tracechain/cmd/tracesigner/indexerclient"

	"github.com/tracechain/tracechain/x/lib/chainaddress"
	"github.com/tracechain/tracechain/x/lib/uploadauth"

	"github.com/cometbft/cometbft/crypto/merkle"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/x/device/types"
)

// BatchConfig is a run of devices that keep their readings and anchor them
// in batches: the chain records one signed header per batch, the indexer
// receives the contents and serves every reading with its proof.
type BatchConfig struct {
	Devices   int
	Readings  int // per device
	BatchSize int
	Org       string
	Curve     string
	// AnchorsPerTx is how many MsgAnchorBatch a gateway transaction carries.
	AnchorsPerTx int
	// Uploads run in parallel against the indexer at Indexer (http://host:port),
	// as protobuf BatchContents or as JSON.
	Uploads  int
	Indexer  string
	Protobuf bool
	Out      io.Writer
}

// BatchResult is what a batch run measured.
type BatchResult struct {
	Devices  int `json:"devices"`
	Readings int `json:"readings"`
	Batches  int `json:"batches"`
	// The devices' own work (hashing, the Merkle tree, one signature a
	// batch), done on the devices in the field; not part of the rate.
	DeviceWorkMs float64 `json:"device_work_ms"`
	AnchorMs     float64 `json:"anchor_ms"` // first broadcast to the last anchor committed
	UploadMs     float64 `json:"upload_ms"` // every batch posted and stored by the indexer
	// Readings anchored and stored with proofs, per second of AnchorMs + UploadMs.
	Throughput float64 `json:"readings_per_s"`
	// Served: readings read back from the indexer, each proof checked
	// against its anchored root.
	ServedChecked int `json:"served_checked"`
}

// Print writes the figures.
func (r *BatchResult) Print(w io.Writer) {
	fmt.Fprintf(w, "\n%d devices, %d readings in %d batches\n", r.Devices, r.Readings, r.Batches)
	fmt.Fprintf(w, "  devices built and signed their batches in %.0f ms (on the devices; not counted)\n", r.DeviceWorkMs)
	fmt.Fprintf(w, "  anchored on chain in %.0f ms; contents stored by the indexer in %.0f ms\n", r.AnchorMs, r.UploadMs)
	fmt.Fprintf(w, "  readings anchored and served with proofs: %.0f/s\n", r.Throughput)
	fmt.Fprintf(w, "  %d readings read back from the indexer, every proof checked against its root\n", r.ServedChecked)
}

// batch is one device batch ready to anchor and upload.
type batch struct {
	header      types.BatchHeader
	body        []byte
	contentType string
}

var protoJSON = codec.NewProtoCodec(codectypes.NewInterfaceRegistry())

// RunBatches registers the devices, has each sign its readings into
// batches, anchors every header through the gateway, uploads every batch
// to the indexer and reads readings back with their proofs.
func RunBatches(ctx context.Context, client *chainclient.Client, admin, gateway chainclient.Signer, cfg BatchConfig) (*BatchResult, error) {
	switch {
	case cfg.Devices < 1 || cfg.Readings < 1 || cfg.BatchSize < 1:
		return nil, fmt.Errorf("--devices, --readings and --batch: at least 1")
	case cfg.AnchorsPerTx < 1 || cfg.Uploads < 1:
		return nil, fmt.Errorf("--anchors-per-tx and --uploads: at least 1")
	case cfg.Indexer == "":
		return nil, fmt.Errorf("--indexer: the indexer's URL")
	}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Out, format+"\n", args...) }
	fleet, err := makeFleet(Config{Devices: cfg.Devices, Curve: cfg.Curve})
	if err != nil {
		return nil, err
	}
	say("registering %d devices of %s...", len(fleet), cfg.Org)
	if err := register(ctx, client, admin, cfg.Org, fleet); err != nil {
		return nil, err
	}

	say("devices build and sign batches of %d readings (%d readings each)...", cfg.BatchSize, cfg.Readings)
	t0 := time.Now()
	batches, err := buildBatches(client.ChainID, fleet, cfg)
	if err != nil {
		return nil, err
	}
	res := &BatchResult{Devices: len(fleet), Readings: len(fleet) * cfg.Readings, Batches: len(batches), DeviceWorkMs: ms(time.Since(t0))}

	say("the gateway anchors %d batch headers, %d a transaction...", len(batches), cfg.AnchorsPerTx)
	start := time.Now()
	if err := anchorAll(ctx, client, gateway, batches, cfg.AnchorsPerTx); err != nil {
		return nil, err
	}
	res.AnchorMs = ms(time.Since(start))

	say("uploading %d batches to %s (%d at a time, %s)...", len(batches), cfg.Indexer, cfg.Uploads, batches[0].contentType)
	t1 := time.Now()
	if err := uploadAll(ctx, cfg.Indexer, gateway, batches, cfg.Uploads); err != nil {
		return nil, err
	}
	res.UploadMs = ms(time.Since(t1))
	res.Throughput = float64(res.Readings) / time.Since(start).Seconds()

	for _, d := range fleet {
		n, err := checkServed(ctx, cfg.Indexer, d.key.ID())
		if err != nil {
			return nil, err
		}
		res.ServedChecked += n
	}
	return res, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// buildBatches is each device's work: readings, leaves, root, signed header,
// and the upload body. Devices work in parallel, as they would.
func buildBatches(chainID string, fleet []device, cfg BatchConfig) ([]batch, error) {
	domain := types.NewDomain(chainID)
	perDevice := make([][]batch, len(fleet))
	errs := make([]error, len(fleet))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.NumCPU())
	// Every batch's last reading must lie within the chain's window (an
	// hour) of block time when its header is anchored: the readings of a
	// device are spread over the last 50 minutes at most, a second apart
	// or closer.
	step := min(time.Second, 50*time.Minute/time.Duration(cfg.Readings))
	first := time.Now().Add(-step * time.Duration(cfg.Readings)).UnixMilli()
	for i, d := range fleet {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			for from := 0; from < cfg.Readings && errs[i] == nil; from += cfg.BatchSize {
				n := min(cfg.BatchSize, cfg.Readings-from)
				var b batch
				b, errs[i] = deviceBatch(domain, d, from, n, first, step, cfg.Protobuf)
				perDevice[i] = append(perDevice[i], b)
			}
		}()
	}
	wg.Wait()
	var out []batch
	for i, bs := range perDevice {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, bs...)
	}
	return out, nil
}

// deviceBatch: readings from+1 .. from+n of device d, step apart.
func deviceBatch(domain types.Domain, d device, from, n int, firstMs int64, step time.Duration, asProtobuf bool) (batch, error) {
	readings := make([]types.Reading, n)
	leaves := make([]types.Hash, n)
	for j := range readings {
		k := from + j
		readings[j] = readingFor(d, uint64(k+1), time.UnixMilli(firstMs).Add(step*time.Duration(k)), k)
		h, err := readings[j].StructHash()
		if err != nil {
			return batch{}, err
		}
		leaves[j] = h
	}
	h := types.BatchHeader{
		Device: d.key.ID(), FirstCounter: uint64(from + 1), LastCounter: uint64(from + n), Count: uint64(n),
		FirstTimeMs: readings[0].DeviceTimeMs, LastTimeMs: readings[n-1].DeviceTimeMs, MerkleRoot: types.MerkleRoot(leaves),
	}
	if err := d.key.SignBatch(domain, &h); err != nil {
		return batch{}, err
	}
	if asProtobuf {
		bz, err := (&types.BatchContents{Header: h, Readings: readings}).Marshal()
		return batch{header: h, body: bz, contentType: indexerclient.ContentProtobuf}, err
	}
	header, err := protoJSON.MarshalJSON(&h)
	if err != nil {
		return batch{}, err
	}
	body := struct {
		Header   json.RawMessage   `json:"header"`
		Readings []json.RawMessage `json:"readings"`
	}{Header: header, Readings: make([]json.RawMessage, n)}
	for j := range readings {
		if body.Readings[j], err = protoJSON.MarshalJSON(&readings[j]); err != nil {
			return batch{}, err
		}
	}
	bz, err := json.Marshal(body)
	return batch{header: h, body: bz, contentType: indexerclient.ContentJSON}, err
}

// anchorAll sends every header, perTx to an unordered gateway transaction,
// and waits until all are committed.
func anchorAll(ctx context.Context, client *chainclient.Client, gateway chainclient.Signer, batches []batch, perTx int) error {
	gw, err := client.UnorderedSigner(gateway)
	if err != nil {
		return err
	}
	gwAddr, err := chainaddress.AccountAddressCodec().BytesToString(gateway.Address())
	if err != nil {
		return err
	}
	var hashes [][]byte
	for start := 0; start < len(batches); start += perTx {
		var msgs []sdk.Msg
		for _, b := range batches[start:min(start+perTx, len(batches))] {
			msgs = append(msgs, &types.MsgAnchorBatch{Signer: gwAddr, Header: b.header})
		}
		tx, err := client.BuildUnordered(gw, msgs...)
		if err != nil {
			return err
		}
		hash, err := client.Broadcast(ctx, tx)
		if err != nil {
			return fmt.Errorf("anchoring: %w", err)
		}
		hashes = append(hashes, hash)
	}
	return client.AwaitAll(ctx, "anchoring", hashes, 2*time.Minute)
}

// uploadAll posts every batch to the indexer, parallel at a time.
func uploadAll(ctx context.Context, indexer string, gateway chainclient.Signer, batches []batch, parallel int) error {
	work := make(chan batch)
	errs := make(chan error, parallel)
	var wg sync.WaitGroup
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				named := uploadauth.Batch{Device: b.header.Device, FirstCounter: b.header.FirstCounter}
				if err := indexerclient.Upload(ctx, indexer, gateway, named, b.body, b.contentType); err != nil {
					errs <- fmt.Errorf("batch of %s from counter %d: %w", b.header.Device, b.header.FirstCounter, err)
					return
				}
			}
		}()
	}
	var err error
	for _, b := range batches {
		select {
		case work <- b:
		case err = <-errs:
		}
		if err != nil {
			break
		}
	}
	close(work)
	wg.Wait()
	close(errs)
	if err != nil {
		return err
	}
	return <-errs
}

// checkServed reads the first page of a device's readings back and checks
// each proof against the root it names.
func checkServed(ctx context.Context, indexer, device string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, indexer+"/v1/devices/"+url.PathEscape(device)+"/readings?limit=1000", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var page struct {
		Readings []struct {
			Counter    uint64        `json:"counter"`
			StructHash string        `json:"struct_hash"`
			MerkleRoot string        `json:"merkle_root"`
			Proof      *merkle.Proof `json:"proof"`
		} `json:"readings"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return 0, fmt.Errorf("readings of %s: %w", device, err)
	}
	if len(page.Readings) == 0 {
		return 0, fmt.Errorf("the indexer serves no reading of %s", device)
	}
	for _, r := range page.Readings {
		root, err1 := hex.DecodeString(r.MerkleRoot)
		leaf, err2 := hex.DecodeString(r.StructHash)
		if err1 != nil || err2 != nil || r.Proof == nil || len(leaf) != 32 {
			return 0, fmt.Errorf("reading %d of %s: served without a proof", r.Counter, device)
		}
		if err := types.VerifyInclusion(root, r.Proof, types.Hash(leaf)); err != nil {
			return 0, fmt.Errorf("reading %d of %s: proof does not hold: %w", r.Counter, device, err)
		}
	}
	return len(page.Readings), nil
}
