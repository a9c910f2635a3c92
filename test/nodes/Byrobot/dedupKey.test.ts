/**
 * One call, one dedupKey (issue 11): the Byrobot Trigger's poll and the Byrobot Callback
 * Trigger's callback for the same call carry the same key (callInstanceId + end time), also for a
 * redial of the same customer, raw or simplified.
 */
import type { IDataObject } from 'n8n-workflow';
import { ByrobotApi } from '../../../credentials/ByrobotApi.credentials';
import { ByrobotCallbackApi } from '../../../credentials/ByrobotCallbackApi.credentials';
import { ByrobotCallbackTrigger } from '../../../nodes/Byrobot/ByrobotCallbackTrigger.node';
import { ByrobotTrigger } from '../../../nodes/Byrobot/ByrobotTrigger.node';
import { nodeRunner } from '../../harness/nodeRunner';
import { serveWebhook } from '../../harness/webhookServer';
import { createTask, sim, useEmulator } from './ByrobotTrigger/support';

useEmulator();

const SECRET = 'dedup-key-secret-0123456789abcdef';
const poller = nodeRunner({ node: () => new ByrobotTrigger(), credential: () => new ByrobotApi(), credentials: () => sim.credentials, defaults: { event: 'newCallRecord' } });
const receiver = nodeRunner({
	node: () => new ByrobotCallbackTrigger(),
	extraCredentials: [{ type: () => new ByrobotCallbackApi(), data: () => ({ authMode: 'query', secret: SECRET }) }],
});

it.each([false, true])('the poll and the callback of one call carry the same dedupKey, redials included (simplify %s)', async (simplify) => {
	const staticData: IDataObject = {};
	const loop = await serveWebhook((request) => receiver.hook(request, { simplify }, { staticData }));
	try {
		const task = await createTask({ repeatCall: true, repeatCallRule: [{ phoneStatus: 6, times: 1, interval: 5 }] });
		const params = { watch: 'one', jobId: { __rl: true, mode: 'id', value: String(task) }, options: { simplify } };
		const data: IDataObject = {};
		await poller.poll(params, data);
		sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
		sim.addCallRecords(task, [{ finishStatus: 6 }, { finishStatus: 0 }]);
		const keysOf = async () => ((await poller.poll(params, data)).items ?? []).map((i) => String(i.json.dedupKey));
		const polled = await keysOf();
		await new Promise((r) => setTimeout(r, 1100)); // the redial ends in another second
		sim.completeCalls(task); // the busy number is redialled: the same callInstanceId, a new end time
		polled.push(...(await keysOf()));
		polled.sort();
		await sim.flushCallbacks();
		const pushed = loop.runs.map((run) => String(run[0].dedupKey)).sort();
		expect(polled).toHaveLength(3); // busy, answered, and the busy number's redial
		expect(new Set(polled).size).toBe(3);
		expect(pushed).toEqual(polled);
		expect(polled.every((k) => /^byrobot:call:\d+:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(k))).toBe(true);
	} finally {
		await loop.close();
	}
});
