// Package simulator is tracesigner's fleet: devices that sign readings as
// their firmware would, a gateway that sends them at a set rate, and a
// tracker that matches every transaction to the block that committed it.
package simulator

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/tracechain/tracechain/x/lib/chainaddress"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/tracechain/tracechain/cmd/chainclient"
	"github.com/tracechain/tracechain/x/device/types"
	"github.com/tracechain/tracechain/x/lib/devicekey"
)

// Config of one run.
type Config struct {
	Devices   int
	Rate      float64
	Duration  time.Duration
	Org       string
	PerTx     int
	Tick      time.Duration
	RFIDEvery int
	Drain     time.Duration
	Curve     string
	// Senders broadcast in parallel (transactions are unordered); each
	// transaction goes to the next of the client and Extra in turn.
	Senders int
	Extra   []*chainclient.Client
	Out     io.Writer
}

func (c Config) validate() error {
	switch {
	case c.Devices < 1:
		return fmt.Errorf("--devices: at least 1")
	case c.Rate <= 0:
		return fmt.Errorf("--rate: readings per second, above 0")
	case c.Duration <= 0:
		return fmt.Errorf("--duration: above 0")
	case c.PerTx < 1:
		return fmt.Errorf("--per-tx: at least 1")
	case c.Tick <= 0:
		return fmt.Errorf("--tick: above 0")
	case c.Senders < 1:
		return fmt.Errorf("--senders: at least 1")
	case c.Curve != "secp256k1" && c.Curve != "p256" && c.Curve != "mixed":
		return fmt.Errorf("--curve: secp256k1, p256 or mixed")
	}
	return nil
}

// device is one simulated device.
type device struct {
	key  *devicekey.PrivateKey
	rfid bool
}

// planned is a signed reading and when the gateway sends it.
type planned struct {
	reading types.Reading
	at      time.Duration
}

// Run registers the fleet, sends readings and tracks their commits.
func Run(ctx context.Context, client *chainclient.Client, admin, gateway chainclient.Signer, cfg Config) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Out, format+"\n", args...) }
	fleet, err := makeFleet(cfg)
	if err != nil {
		return nil, err
	}
	say("registering %d devices of %s...", len(fleet), cfg.Org)
	if err := register(ctx, client, admin, cfg.Org, fleet); err != nil {
		return nil, err
	}

	total := int(cfg.Rate * cfg.Duration.Seconds())
	if total < 1 {
		total = 1
	}
	say("devices sign %d readings (as their firmware would, before the clock starts)...", total)
	start := time.Now().Add(presignEstimate(fleet, total))
	plan, err := presign(client.ChainID, fleet, total, cfg.Rate, start)
	if err != nil {
		return nil, err
	}
	if wait := time.Until(start); wait > 0 {
		time.Sleep(wait)
	}

	gw, err := client.UnorderedSigner(gateway)
	if err != nil {
		return nil, err
	}
	gwAddr, err := chainaddress.AccountAddressCodec().BytesToString(gateway.Address())
	if err != nil {
		return nil, err
	}
	tr, stopTracking, err := chainclient.StartTracker(ctx, client)
	if err != nil {
		return nil, err
	}
	defer stopTracking()

	say("sending at %.0f readings/s for %s (up to %d per transaction, every %s, %d senders, %d nodes)...",
		cfg.Rate, cfg.Duration, cfg.PerTx, cfg.Tick, cfg.Senders, 1+len(cfg.Extra))
	res := &Result{Devices: len(fleet), Rate: cfg.Rate, Duration: cfg.Duration.String(), Planned: total}
	nodes := append([]*chainclient.Client{client}, cfg.Extra...)
	// Transactions are built (and so get their unordered timeouts, by which
	// proposers order them) here, in the order of the readings; the senders
	// only broadcast. Built by the senders, a small transaction could get an
	// earlier timeout than the larger one before it, and every reading of
	// the larger one would then reach the chain behind a later counter of
	// its device: a late reading, which the chain must look up to tell from
	// a replay.
	type builtTx struct {
		bytes []byte
		batch []types.Reading
	}
	built := make(chan builtTx, 1024)
	var mu sync.Mutex // guards res while the senders run
	var senders sync.WaitGroup
	var sendErr error
	for w := range cfg.Senders {
		senders.Add(1)
		go func() {
			defer senders.Done()
			n := w
			for tx := range built {
				node := nodes[n%len(nodes)]
				n++
				sent := time.Now()
				hash, err := node.Broadcast(ctx, tx.bytes)
				mu.Lock()
				if err != nil {
					res.RefusedAtAdmission += len(tx.batch)
					res.Errors = appendError(res.Errors, err.Error())
				} else {
					res.Sent += len(tx.batch)
					tr.Add(hash, len(tx.batch), tx.batch, sent)
				}
				mu.Unlock()
			}
		}()
	}
	sendStart := time.Now()
	feed(ctx, plan, cfg, sendStart, func(batch []types.Reading) {
		tx, err := client.BuildUnordered(gw, &types.MsgSubmitReadings{Signer: gwAddr, Readings: batch})
		if err != nil {
			mu.Lock()
			sendErr = err
			mu.Unlock()
			return
		}
		built <- builtTx{bytes: tx, batch: batch}
	})
	close(built)
	senders.Wait()
	if err := cmp.Or(ctx.Err(), sendErr); err != nil {
		return nil, err
	}
	say("sent %d readings in %s; waiting for the last blocks...", res.Sent, time.Since(sendStart).Round(time.Millisecond))
	tr.Drain(cfg.Drain)
	stopTracking()
	res.fill(tr, sendStart)
	return res, nil
}

// feed is the gateway: every tick it takes the readings due by then, in
// the plan's order, and hands them to build in transactions of at most
// cfg.PerTx readings, one after another — so that unordered timeouts,
// given as transactions are built, follow the readings' order.
func feed(ctx context.Context, plan []planned, cfg Config, sendStart time.Time, build func([]types.Reading)) {
	next := 0
	ticker := time.NewTicker(cfg.Tick)
	defer ticker.Stop()
	for next < len(plan) && ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-ticker.C:
		}
		elapsed := time.Since(sendStart)
		due := next
		for due < len(plan) && plan[due].at <= elapsed {
			due++
		}
		for next < due {
			end := min(next+cfg.PerTx, due)
			batch := make([]types.Reading, 0, end-next)
			for _, p := range plan[next:end] {
				batch = append(batch, p.reading)
			}
			next = end
			build(batch)
		}
	}
}

func appendError(errs []string, e string) []string {
	if len(errs) < 10 && !slices.Contains(errs, e) {
		return append(errs, e)
	}
	return errs
}

func makeFleet(cfg Config) ([]device, error) {
	fleet := make([]device, cfg.Devices)
	for i := range fleet {
		curve := types.KEY_TYPE_SECP256K1
		if cfg.Curve == "p256" || cfg.Curve == "mixed" && i%2 == 1 {
			curve = types.KEY_TYPE_P256
		}
		key, err := devicekey.Generate(curve)
		if err != nil {
			return nil, err
		}
		fleet[i] = device{key: key, rfid: cfg.RFIDEvery > 0 && i%cfg.RFIDEvery == cfg.RFIDEvery-1}
	}
	return fleet, nil
}

// registerPerTx stays under the chain's default of 32 messages per transaction.
const registerPerTx = 25

// register has the admin register the fleet, registerPerTx devices per transaction.
func register(ctx context.Context, client *chainclient.Client, admin chainclient.Signer, org string, fleet []device) error {
	adminAddr, err := chainaddress.AccountAddressCodec().BytesToString(admin.Address())
	if err != nil {
		return err
	}
	seq, err := client.Sequence(admin)
	if err != nil {
		return err
	}
	domain := types.NewDomain(client.ChainID)
	var hashes [][]byte
	for start := 0; start < len(fleet); start += registerPerTx {
		var msgs []sdk.Msg
		for _, d := range fleet[start:min(start+registerPerTx, len(fleet))] {
			pop, err := d.key.ProofOfPossession(domain, org)
			if err != nil {
				return err
			}
			kind := types.DEVICE_KIND_SENSOR
			if d.rfid {
				kind = types.DEVICE_KIND_RFID_READER
			}
			msgs = append(msgs, &types.MsgRegisterDevice{
				Signer: adminAddr, OwnerOrgId: org, Kind: kind, Model: "SIM-1", FirmwareHash: fmt.Sprintf("%064x", 1),
				KeyType: d.key.Type, PublicKey: d.key.PublicKey().Compressed(), ProofOfPossession: pop,
			})
		}
		tx, err := client.Build(seq, msgs...)
		if err != nil {
			return err
		}
		hash, err := client.Broadcast(ctx, tx)
		if err != nil {
			return fmt.Errorf("registering devices: %w", err)
		}
		hashes = append(hashes, hash)
	}
	return client.AwaitAll(ctx, "registering devices", hashes, time.Minute)
}

// sampleEPCs are the pallets the RFID readers see.
var sampleEPCs = []string{"urn:epc:id:sscc:6903456.0000000011", "urn:epc:id:sscc:6903456.0000000028", "urn:epc:id:sscc:6903456.0000000035"}

// reading i of the run: device i mod N, sent at i/rate seconds.
func readingFor(d device, counter uint64, at time.Time, i int) types.Reading {
	r := types.Reading{Device: d.key.ID(), Counter: counter, DeviceTimeMs: uint64(at.UnixMilli())}
	if d.rfid {
		r.MeasurementType, r.Epcs = types.RFIDRead, []string{sampleEPCs[i%len(sampleEPCs)]}
	} else {
		r.MeasurementType, r.Unit = types.TemperatureType, "CEL"
		r.Value = fmt.Sprintf("%d.%d", 2+i%5, i%10)
	}
	return r
}

// presignEstimate guesses how long signing takes, so that device times
// match the moments the gateway will send.
func presignEstimate(fleet []device, total int) time.Duration {
	const probe = 50
	t0 := time.Now()
	domain := types.NewDomain("estimate")
	for i := range probe {
		r := readingFor(fleet[i%len(fleet)], uint64(i+1), time.Now(), i)
		_ = fleet[i%len(fleet)].key.SignReading(domain, &r)
	}
	per := time.Since(t0) / probe
	return per*time.Duration(total)/time.Duration(max(1, runtime.NumCPU())) + time.Second
}

// presign signs every reading of the run, devices in parallel.
func presign(chainID string, fleet []device, total int, rate float64, start time.Time) ([]planned, error) {
	domain := types.NewDomain(chainID)
	plan := make([]planned, total)
	for i := range plan {
		at := time.Duration(float64(i) / rate * float64(time.Second))
		d := fleet[i%len(fleet)]
		plan[i] = planned{reading: readingFor(d, uint64(i/len(fleet)+1), start.Add(at), i), at: at}
	}
	workers := max(1, runtime.NumCPU())
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < total; i += workers {
				if err := fleet[i%len(fleet)].key.SignReading(domain, &plan[i].reading); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return plan, <-errs
}
