// Signs TraceChain typed data with ethers.js v6 — a proof of possession, a
// set of readings and a batch header — and prints them as JSON test
// vectors. The Go tests (x/device) check that the chain's own hashing gives
// ethers' struct hashes and digests, and that the chain accepts the
// signatures. Run through scripts/eip712-vectors.sh.
import { Wallet, TypedDataEncoder, keccak256, toUtf8Bytes, Signature } from "ethers";

const chainId = "tracechain-test-1";
const ownerOrg = "91350400MA2XY00444";
const domain = { name: "TraceChain", version: "1", salt: keccak256(toUtf8Bytes(chainId)) };

const readingTypes = {
  Reading: [
    { name: "device", type: "address" },
    { name: "counter", type: "uint64" },
    { name: "deviceTime", type: "uint64" },
    { name: "measurementType", type: "string" },
    { name: "value", type: "string" },
    { name: "unit", type: "string" },
    { name: "epcs", type: "string[]" },
    { name: "geo", type: "string" },
    { name: "subject", type: "string" },
  ],
};
const registrationTypes = {
  DeviceRegistration: [
    { name: "device", type: "address" },
    { name: "chainId", type: "string" },
    { name: "ownerOrg", type: "string" },
  ],
};
const batchTypes = {
  BatchAnchor: [
    { name: "device", type: "address" },
    { name: "firstCounter", type: "uint64" },
    { name: "lastCounter", type: "uint64" },
    { name: "count", type: "uint64" },
    { name: "firstTime", type: "uint64" },
    { name: "lastTime", type: "uint64" },
    { name: "merkleRoot", type: "bytes32" },
  ],
};

// Fixed keys, so that the vectors are reproducible (ethers signs with RFC 6979).
const wallets = [
  new Wallet("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
  new Wallet("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f"),
];

// Device times near the Go fixture's block time, 2026-03-01T12:00:00Z.
const t0 = 1772366400000n;
const readingsOf = (device) => [
  { device, counter: 1n, deviceTime: t0 - 60000n, measurementType: "gs1:Temperature", value: "4.5", unit: "CEL", epcs: [], geo: "", subject: "" },
  { device, counter: 2n, deviceTime: t0 - 30000n, measurementType: "gs1:Temperature", value: "-18.25", unit: "CEL",
    epcs: ["urn:epc:id:sscc:6902345.0000000011"], geo: "26.0745,119.2965", subject: "urn:epc:class:lgtin:6902345.054321.FL-A" },
  { device, counter: 7n, deviceTime: t0 - 1000n, measurementType: "rfid", value: "", unit: "",
    epcs: ["urn:epc:id:sscc:6902345.0000000011", "https://id.gs1.org/00/069023450000000025"], geo: "", subject: "冷链 dock 3 ✓" },
  { device, counter: 8n, deviceTime: t0, measurementType: "gs1:RelativeHumidity", value: "65.125", unit: "P1", epcs: [], geo: "-33.8688,151.2093", subject: "" },
];

const vectors = { chainId, ownerOrg, salt: domain.salt, domainSeparator: TypedDataEncoder.hashDomain(domain), devices: [] };
for (const w of wallets) {
  const dev = { privateKey: w.privateKey, address: w.address, publicKey: w.signingKey.compressedPublicKey };
  const reg = { device: w.address, chainId, ownerOrg };
  dev.proofOfPossession = await w.signTypedData(domain, registrationTypes, reg);
  dev.readings = [];
  for (const r of readingsOf(w.address)) {
    const signature = await w.signTypedData(domain, readingTypes, r);
    dev.readings.push({
      ...r, counter: r.counter.toString(), deviceTime: r.deviceTime.toString(), signature,
      v: Signature.from(signature).v,
      structHash: TypedDataEncoder.hashStruct("Reading", readingTypes, r),
      digest: TypedDataEncoder.hash(domain, readingTypes, r),
    });
  }
  const batch = { device: w.address, firstCounter: 9n, lastCounter: 12n, count: 4n, firstTime: t0 - 4000n, lastTime: t0,
    merkleRoot: keccak256(toUtf8Bytes("a batch root")) };
  dev.batch = {
    ...batch, firstCounter: "9", lastCounter: "12", count: "4", firstTime: batch.firstTime.toString(), lastTime: batch.lastTime.toString(),
    signature: await w.signTypedData(domain, batchTypes, batch),
    structHash: TypedDataEncoder.hashStruct("BatchAnchor", batchTypes, batch),
  };
  vectors.devices.push(dev);
}
process.stdout.write(JSON.stringify(vectors, null, 2) + "\n");
