// flow.js drives traceindexd's EPCIS 2.0 REST binding with epcis2.js:
// it builds documents with the library's own entities, captures them
// through POST /capture, polls each capture job to its end with the
// library's CaptureResponse, and queries the events back through /events
// with standard SimpleEventQuery parameters. It checks that the chain's
// event IDs are the ones epcis2.js computes, and that a refused document's
// job names the event and the rule. It prints a JSON summary and exits 1
// on the first check that fails.
//
//   INDEXER_URL=http://127.0.0.1:8090 TOKEN=tcx_… LOT=A1 node flow.js
const epcis = require('epcis2.js');

const url = process.env.INDEXER_URL;
const token = process.env.TOKEN;
const lot = process.env.LOT || String(Date.now());
const prefix = process.env.LGTIN_PREFIX || 'urn:epc:class:lgtin:6901234.012345.';
const foreignPrefix = 'urn:epc:class:lgtin:0614141.107346.';

function check(ok, what) {
  if (!ok) {
    throw new Error(what);
  }
}

const headers = { 'content-type': 'application/ld+json', authorization: `Bearer ${token}` };
epcis.setup({ apiUrl: `${url}/`, headers, documentValidation: true });

function harvest(lotCode, second, classPrefix = prefix) {
  const e = new epcis.ObjectEvent();
  e.setEventTime(new Date(Date.now() - 60000 + second * 1000).toISOString())
    .setEventTimeZoneOffset('+00:00')
    .setAction(epcis.cbv.actionTypes.add)
    .setBizStep(epcis.cbv.bizSteps.commissioning)
    .addQuantity(new epcis.QuantityElement().setEpcClass(classPrefix + lotCode).setQuantity(100).setUom('KGM'));
  return e;
}

async function captureAndWait(doc) {
  const res = await epcis.capture(doc);
  check(res.status === 202, `POST /capture answered ${res.status}: ${await res.text()}`);
  const job = new epcis.CaptureResponse(res);
  await job.pollForTheCaptureToFinish(120, 500, { headers });
  check(job.getRunningStatus() === false, `capture job ${job.getLocation()} still running after a minute`);
  return { location: job.getLocation(), success: job.getSuccessStatus(), job: await job.getCaptureJob({ headers }) };
}

async function queryEvents(params) {
  const q = new URLSearchParams(params).toString();
  for (let i = 0; i < 120; i += 1) {
    const res = await fetch(`${url}/events?${q}`, { headers: { accept: 'application/ld+json', authorization: `Bearer ${token}` } });
    check(res.status === 200, `GET /events?${q} answered ${res.status}`);
    check(res.headers.get('gs1-epcis-version') === '2.0.0', 'GS1-EPCIS-Version header');
    const body = await res.json();
    check(body.type === 'EPCISQueryDocument', 'an EPCISQueryDocument');
    const list = body.epcisBody.queryResults.resultsBody.eventList;
    if (list.length > 0) {
      return list;
    }
    await new Promise((r) => setTimeout(r, 250)); // the index follows the chain a block behind
  }
  throw new Error(`GET /events?${q}: nothing indexed after 30 s`);
}

async function main() {
  // 1. Two harvests in one document, all or nothing.
  const doc = new epcis.EPCISDocument();
  const events = [harvest(`${lot}-1`, 0), harvest(`${lot}-2`, 1)];
  events.forEach((e) => doc.addEvent(e));
  const captured = await captureAndWait(doc);
  check(captured.success === true, `capture failed: ${JSON.stringify(captured.job)}`);
  const expected = events.map((e) => epcis.eventToHashedId(e.toObject(), doc.toObject()['@context']));
  const got = captured.job.captured.map((c) => c.eventID);
  check(JSON.stringify(got) === JSON.stringify(expected), `event IDs: chain ${got}, epcis2.js ${expected}`);

  // 2. Back through the query interface, by standard parameters.
  const found = await queryEvents({ EQ_bizStep: 'commissioning', MATCH_epcClass: `${prefix}${lot}-1|${prefix}${lot}-2` });
  const foundIDs = found.map((e) => e.eventID).sort();
  check(JSON.stringify(foundIDs) === JSON.stringify([...expected].sort()), `/events found ${foundIDs}, captured ${expected}`);

  // 3. A document the chain refuses: its second event commissions a lot
  // under a GS1 company prefix the farm does not hold.
  const bad = new epcis.EPCISDocument();
  bad.addEvent(harvest(`${lot}-3`, 2));
  bad.addEvent(harvest(`${lot}-4`, 3, foreignPrefix));
  const refused = await captureAndWait(bad);
  check(refused.success === false, 'the refused document\'s job says success: false');
  const problem = refused.job.errors[0];
  check(problem && problem.eventIndex === 1, `the job names event 1: ${JSON.stringify(refused.job.errors)}`);
  check(problem.codespace === 'trace' && problem.title, `the job names the chain's rule: ${JSON.stringify(problem)}`);
  check(refused.job.captured.length === 0, 'rollback: nothing of it recorded');

  console.log(JSON.stringify({ captured: got, location: captured.location, refused: { location: refused.location, error: problem } }));
}

main().catch((err) => {
  console.error(`epcis2.js flow: ${err.message || err}`);
  process.exit(1);
});
