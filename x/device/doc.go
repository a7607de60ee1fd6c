// Package device is x/device: registered hardware signers (sensors, RFID
// readers, gateways) whose EIP-712-signed readings and batch anchors the
// chain verifies, and the excursions their readings reveal. See README.md.
package device
