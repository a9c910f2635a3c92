/**
 * One call, one dedupKey (issue 11): the Tanyi Trigger's poll and the Tanyi Callback Trigger's
 * callback for the same call record carry the same key, raw or simplified, so a CRM write
 * downstream can upsert whichever arrives first.
 */
import type { IDataObject } from 'n8n-workflow';
import { TanyiApi } from '../../../credentials/TanyiApi.credentials';
import { TanyiCallbackApi } from '../../../credentials/TanyiCallbackApi.credentials';
import { TanyiCallbackTrigger } from '../../../nodes/Tanyi/TanyiCallbackTrigger.node';
import { TanyiTrigger } from '../../../nodes/Tanyi/TanyiTrigger.node';
import { startTanyiSimulator, tanyiSignedHeaders, type TanyiSimulator } from '../../emulators/tanyi';
import { nodeRunner } from '../../harness/nodeRunner';
import { serveWebhook } from '../../harness/webhookServer';

const SECRET = 'dedup-key-secret-0123456789abcdef';
let sim: TanyiSimulator;

beforeAll(async () => {
	sim = await startTanyiSimulator({ callsPerSecond: 0, tickMs: 0, callbackRetryDelaysMs: [20] });
});
afterAll(async () => sim.close());

const poller = nodeRunner({ node: () => new TanyiTrigger(), credential: () => new TanyiApi(), credentials: () => sim.credentials, defaults: { event: 'newCallRecord' } });
const receiver = nodeRunner({
	node: () => new TanyiCallbackTrigger(),
	extraCredentials: [{ type: () => new TanyiCallbackApi(), data: () => ({ authMode: 'query', secret: SECRET }) }],
});

it.each([false, true])('the poll and the callback of one call carry the same dedupKey (simplify %s)', async (simplify) => {
	sim.reset();
	const staticData: IDataObject = {};
	const loop = await serveWebhook((request) => receiver.hook(request, { simplify }, { staticData }));
	try {
		const jobId = await createJobOn(sim);
		const params = { watch: 'one', jobId: { __rl: true, mode: 'id', value: String(jobId) }, options: { simplify } };
		const data: IDataObject = {};
		await poller.poll(params, data);
		sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
		sim.addCallRecords(jobId, [{}, {}]);
		await sim.flushCallbacks();
		const polled = (await poller.poll(params, data)).items!.map((i) => i.json.dedupKey).sort();
		const pushed = loop.runs.map((run) => run[0].dedupKey).sort();
		expect(polled).toHaveLength(2);
		expect(pushed).toEqual(polled);
		expect(polled.every((k) => /^tanyi:call:\d+$/.test(String(k)))).toBe(true);
	} finally {
		await loop.close();
	}
});

async function createJobOn(target: TanyiSimulator): Promise<number> {
	const res = await fetch(`${target.url}/job/create`, {
		method: 'POST',
		headers: tanyiSignedHeaders(target.credentials),
		body: JSON.stringify({
			concurrencyQuota: 2,
			jobPhoneNumberIdList: [348],
			robotCallJob: { name: 'dedupKey', mode: 'MANUAL', dailyStartTime: '09:00', dailyEndTime: '20:00', dialogFlowId: 2, robotCount: 2, phoneType: 'LANDLINE' },
		}),
	});
	const json = (await res.json()) as { code: number; data: { robotCallJobId: number } };
	expect(json.code).toBe(200);
	return json.data.robotCallJobId;
}
