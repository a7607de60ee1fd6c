package cmd

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/tracechain/tracechain/x/device/types"
)

func signCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "sign --key KEYFILE --type gs1:Temperature --value 4.5 --unit CEL",
		Short: "Sign the device's next reading; prints it as a JSON line (submit and anchor read these)",
		Long: `The reading takes the key file's next counter (the file is updated before the reading
is printed, so that no counter is ever signed twice) and the time now unless --time-ms is given.
An RFID read is --type rfid with --epc for each tag.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			path, _ := c.Flags().GetString(flagKey)
			chainID, _ := c.Flags().GetString(flagChainID)
			kf, err := loadKeyFile(path)
			if err != nil {
				return err
			}
			r := types.Reading{Device: kf.DeviceID}
			r.MeasurementType, _ = c.Flags().GetString("type")
			r.Value, _ = c.Flags().GetString("value")
			r.Unit, _ = c.Flags().GetString("unit")
			r.Epcs, _ = c.Flags().GetStringSlice("epc")
			r.Geo, _ = c.Flags().GetString("geo")
			r.Subject, _ = c.Flags().GetString("subject")
			timeMs, _ := c.Flags().GetInt64("time-ms")
			if timeMs <= 0 {
				timeMs = time.Now().UnixMilli()
			}
			r.DeviceTimeMs = uint64(timeMs)
			if r.MeasurementType == types.RFIDRead {
				r.Unit = ""
			}
			r.Counter = kf.Counter + 1
			r.Signature = []byte{0} // checked below, replaced by the signature
			if err := r.Validate(); err != nil {
				return err
			}
			if err := kf.key.SignReading(types.NewDomain(chainID), &r); err != nil {
				return err
			}
			kf.Counter = r.Counter
			if err := kf.save(); err != nil {
				return fmt.Errorf("counter not saved, reading not printed: %w", err)
			}
			return writeReading(c.OutOrStdout(), &r)
		},
	}
	addChainFlags(c)
	c.Flags().String(flagKey, "device.json", "device key file")
	c.Flags().String("type", types.TemperatureType, "GS1 sensor measurement type (gs1:Temperature, gs1:RelativeHumidity, ...) or rfid")
	c.Flags().String("value", "", "exact decimal value, e.g. 4.5")
	c.Flags().String("unit", "CEL", "UN/CEFACT unit code")
	c.Flags().StringSlice("epc", nil, "EPC read or measured (repeat)")
	c.Flags().String("geo", "", "latitude,longitude")
	c.Flags().String("subject", "", "what the reading is about (lot, EPC or order)")
	c.Flags().Int64("time-ms", 0, "device time in Unix milliseconds (default now)")
	return c
}
