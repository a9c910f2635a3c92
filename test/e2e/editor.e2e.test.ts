/**
 * Issue 17 point 7 in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download) logs into the running n8n 2.41.1 through its sign-in page, opens every workflow of
 * examples/ as imported, opens every node's panel (NDV) and reads n8n's own issue markers:
 * `[data-test-id="node-issues"]` / `node-setup-required` on the canvas (CanvasNodeStatusIcons) and
 * `[data-test-id="parameter-issues"]` in the panel (ParameterIssues; its tooltip lists the texts,
 * e.g. 'The value "" is not supported!'). An example passes only with none of them.
 *
 * Then it opens one dropdown per vendor and compares it with the emulator's state: the job/task
 * pickers (resource locators, listSearch) of the three vendors on a workflow this test imports,
 * and Byrobot's Company and Robot dropdowns (loadOptions) in the shipped Create Task example.
 * Point 1 in the same panel, never closed in between: Tanyi Import Customers' variable Name list
 * follows the Job picked from its list (two jobs on scripts with different variables), and Byrobot
 * Create Task's Robot list follows the Company picked; both checked against the emulators' request
 * logs (asked with the newly picked id).
 *
 * Screenshots (a canvas per example, the three vendors' node panels) go to .e2e-screenshots/
 * (git-ignored); the folder is printed. Waits are bounded waits on DOM conditions or on n8n's
 * option requests, sized for a busy 2-core machine; no fixed delay decides a result.
 *
 * Needs `chromium` (Debian) and `fonts-wqy-microhei` (Chinese names); `.ci/run` installs both.
 * CALLBOT_CHROMIUM overrides the browser path.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, chromium, selectors } from 'playwright-core';
import { tanyiSignedHeaders } from '../emulators/tanyi';
import { createTask } from '../nodes/Byrobot/ByrobotTrigger/support';

const stack = require('../../scripts/lib/stack');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;
interface Issue {
	where: 'canvas' | 'panel';
	node: string;
	/** the parameter (panel) */
	parameter?: string;
	text: string;
}

const CHROMIUM = process.env.CALLBOT_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(stack.ROOT, '.e2e-screenshots');
/** one bound for every UI condition: the 2.41 editor takes ~12 s to render the first time on an idle machine */
const UI_MS = 120_000;
/** n8n loads dropdown options through this endpoint (POST /rest/dynamic-node-parameters/options, …/resource-locator-results) */
const OPTIONS_ENDPOINT = '/rest/dynamic-node-parameters/';
const PICKERS = 'Browser e2e: job pickers';
/** the Tanyi Import Customers node of the PICKERS workflow */
const IMPORT = 'Tanyi Import Customers';
/** a job whose script has other variables than the other jobs' (dialog flow 139 needs a staff group) */
const OTHER_SCRIPT_JOB = 'Real estate follow-up (browser e2e)';
/**
 * a copy of the Byrobot example for the Company change. Seen: after one tab changed the example's
 * Company and closed, the example's Company dropdown showed no options in the next tab within
 * 120 s (likely n8n 2.41's autosave and its edit lock on a workflow open elsewhere; not verified)
 */
const COMPANY_CHANGE = 'Browser e2e: Create Task, another company';
const reporter = stack.n8n.createReporter({ write: (line: string) => process.stderr.write(`[editor e2e] ${line}\n`) });

let emulators: any;
let prepared: any;
let browser: Browser | undefined;
let context: BrowserContext;
let signedIn: { url: string; cookie: boolean } | undefined;
const issuesByExample: Record<string, Issue[]> = {};
const exampleKeys: string[] = fs
	.readdirSync(path.join(stack.ROOT, 'examples'))
	.filter((f) => f.endsWith('.json'))
	.map((f) => f.replace(/\.json$/, ''))
	.sort();

// ---------------------------------------------------------------- emulator data for the pickers

/** a job on script 2 ("Debt reminder") unless `script` says otherwise (csStaffGroupId for a script with human intervention) */
async function createTanyiJob(name: string, script: { dialogFlowId: number; csStaffGroupId?: number } = { dialogFlowId: 2 }): Promise<void> {
	const res = await fetch(`${emulators.tanyi.url}/job/create`, {
		method: 'POST',
		headers: tanyiSignedHeaders(emulators.tanyi.credentials),
		body: JSON.stringify({
			concurrencyQuota: 1,
			jobPhoneNumberIdList: [348],
			robotCallJob: { name, mode: 'MANUAL', dailyStartTime: '09:00', dailyEndTime: '20:00', robotCount: 1, phoneType: 'LANDLINE', ...script },
		}),
	});
	const json = (await res.json()) as Json;
	if (json.code !== 200) throw new Error(`cannot create a Tanyi job: ${JSON.stringify(json)}`);
}

async function createAutodialerJob(name: string): Promise<void> {
	const { baseUrl, headerName, headerPrefix, apiToken } = emulators.autodialer.credentials;
	const res = await fetch(`${baseUrl}/v1/task`, {
		method: 'POST',
		headers: { [headerName]: `${headerPrefix}${apiToken}`, 'content-type': 'application/json', accept: 'application/json' },
		body: JSON.stringify({
			name,
			caller_line_id: '83f180c4-00f3-4aaa-bc41-6cba4493e892',
			destination_extension: 1197,
			disable_dial_timegroup: '146979fe-3864-4817-ad76-13b37f43bb1c',
			maximumcall: 2,
			random_assignment_number: 0,
			recycle_limit: 0,
			_originate_timeout: 60,
			call_pause_second: 0,
			auto_recycle_rule_id: 103,
		}),
	});
	if (res.status >= 300) throw new Error(`cannot create an Autodialer job: HTTP ${res.status} ${await res.text()}`);
}

/** the three vendors' job/task pickers in "From List" mode, as a user adds them */
function pickersWorkflow(): Json {
	const picker = (name: string, vendor: string, credential: string, resource: string, param: string, x: number): Json => ({
		parameters: { resource, operation: 'start', [param]: { __rl: true, mode: 'list', value: '' } },
		name,
		type: stack.TYPES[vendor],
		typeVersion: 1,
		position: [x, 0],
		credentials: { [`${vendor}Api`]: { id: null, name: credential } },
	});
	// Import Customers as a user adds it: Job "From List", nothing picked yet, no variables
	const importCustomers = picker(IMPORT, 'tanyi', 'Tanyi account', 'customer', 'jobId', 880);
	importCustomers.parameters = { resource: 'customer', operation: 'import', jobId: { __rl: true, mode: 'list', value: '' } };
	const nodes = [
		{ parameters: {}, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] },
		picker('Tanyi Start Job', 'tanyi', 'Tanyi account', 'job', 'jobId', 220),
		picker('Byrobot Start Task', 'byrobot', 'Byrobot account', 'task', 'taskId', 440),
		picker('Autodialer Start Job', 'autodialer', 'Autodialer account', 'job', 'jobId', 660),
		importCustomers,
	];
	const link = (to: string) => [[{ node: to, type: 'main', index: 0 }]];
	return {
		name: PICKERS,
		nodes,
		connections: {
			Start: { main: link('Tanyi Start Job') },
			'Tanyi Start Job': { main: link('Byrobot Start Task') },
			'Byrobot Start Task': { main: link('Autodialer Start Job') },
			'Autodialer Start Job': { main: link(IMPORT) },
		},
		settings: {},
	};
}

// ---------------------------------------------------------------- the editor

/** a fresh tab per workflow (a panel opened may leave unsaved defaults; no "leave page?" prompt then) */
async function openWorkflow(id: string, nodeCount: number): Promise<Page> {
	const page = await context.newPage();
	const pending = new Set<unknown>();
	page.on('request', (r) => {
		if (r.url().includes(OPTIONS_ENDPOINT)) pending.add(r);
	});
	page.on('requestfinished', (r) => pending.delete(r));
	page.on('requestfailed', (r) => pending.delete(r));
	(page as any).pendingOptions = pending;
	await page.goto(`${prepared.server.url}/workflow/${id}`);
	await waitFor(page, async () => (await page.getByTestId('canvas-node').count()) === nodeCount, `${nodeCount} nodes on the canvas of ${id}`);
	await page.getByTestId('canvas-node').last().waitFor({ state: 'visible', timeout: UI_MS });
	return page;
}

/** polls `condition` (DOM reads) every 250 ms up to UI_MS */
async function waitFor(page: Page, condition: () => Promise<boolean>, what: string, timeoutMs = UI_MS): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await condition().catch(() => false)) return;
		if (Date.now() > deadline) throw new Error(`the editor did not show ${what} within ${timeoutMs / 1000} s`);
		await page.waitForTimeout(250);
	}
}

/**
 * Waits until the panel's option requests are answered and nothing says "Loading": no request
 * to OPTIONS_ENDPOINT pending for 1.5 s in a row (a dropdown asks once it is rendered, and a
 * dependent one only after the first answered).
 */
async function settle(page: Page): Promise<void> {
	const pending = (page as any).pendingOptions as Set<unknown>;
	let quietSince = 0;
	await waitFor(
		page,
		async () => {
			const loading = await page.getByTestId('ndv').getByText(/Loading options|^Loading\.\.\.$/).count();
			if (pending.size > 0 || loading > 0) {
				quietSince = 0;
				return false;
			}
			if (!quietSince) quietSince = Date.now();
			return Date.now() - quietSince >= 1500;
		},
		'the panel with every option list loaded',
	);
}

/** the text of an issue marker's tooltip ("Issues: …"), shown on hover */
async function tooltipOf(page: Page, marker: Locator): Promise<string> {
	await marker.hover({ timeout: UI_MS });
	const tip = page.locator('.n8n-tooltip:visible').filter({ has: page.locator('.titled-list') }).last();
	await tip.waitFor({ state: 'visible', timeout: 30_000 });
	const text = (await tip.innerText()).replace(/^\s*Issues:\s*/, '').replace(/\s*\n\s*/g, ' | ').trim();
	await page.mouse.move(0, 0);
	return text;
}

async function canvasIssues(page: Page): Promise<Issue[]> {
	const found: Issue[] = [];
	const markers = page.locator('[data-test-id="canvas-node"] [data-test-id="node-issues"], [data-test-id="canvas-node"] [data-test-id="node-setup-required"]');
	for (let i = 0; i < (await markers.count()); i++) {
		const marker = markers.nth(i);
		const node = (await marker.evaluate((e) => e.closest('[data-test-id="canvas-node"]')?.getAttribute('data-node-name'))) ?? '?';
		found.push({ where: 'canvas', node, text: await tooltipOf(page, marker) });
	}
	return found;
}

async function openPanel(page: Page, node: string): Promise<Locator> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${node}"]`).dblclick({ timeout: UI_MS });
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('node-parameters').waitFor({ state: 'visible', timeout: UI_MS });
	await settle(page);
	return ndv;
}

async function closePanel(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click({ timeout: UI_MS });
	await page.getByTestId('ndv').waitFor({ state: 'hidden', timeout: UI_MS });
}

async function panelIssues(page: Page, ndv: Locator, node: string): Promise<Issue[]> {
	const found: Issue[] = [];
	const markers = ndv.getByTestId('parameter-issues');
	for (let i = 0; i < (await markers.count()); i++) {
		const marker = markers.nth(i);
		const parameter = await marker.evaluate((e) => {
			const input = e.closest('[data-test-id^="parameter-input-"]')?.getAttribute('data-test-id')?.replace(/^parameter-input-/, '');
			const label = (e.closest('.parameter-item') as { innerText: string } | null)?.innerText.split('\n')[0];
			return [label, input && `(${input})`].filter(Boolean).join(' ');
		});
		found.push({ where: 'panel', node, parameter, text: await tooltipOf(page, marker) });
	}
	return found;
}

async function screenshot(target: Page | Locator, file: string): Promise<void> {
	await target.screenshot({ path: path.join(SHOTS, file) });
}

/** the panel's parameter column (with an open list, which floats over it), for the README */
async function panelShot(page: Page, ndv: Locator, file: string): Promise<void> {
	const panel = await ndv.boundingBox();
	const column = await ndv.getByTestId('node-parameters').boundingBox();
	if (!panel || !column) throw new Error('the node panel is not on screen');
	const x = Math.max(panel.x, column.x - 12);
	await page.screenshot({ path: path.join(SHOTS, file), clip: { x, y: panel.y, width: column.width + 24, height: Math.min(panel.height, 520) } });
}

/** opens a dropdown and returns the texts it lists (resource locator or options parameter) */
async function dropdownTexts(page: Page, ndv: Locator, parameter: string, kind: 'locator' | 'options'): Promise<string[]> {
	if (kind === 'locator') {
		await ndv.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-input').click({ timeout: UI_MS });
		// the list is teleported to <body>: one picker is open at a time
		const items = page.locator('[data-test-id="rlc-item"]:visible');
		const error = page.locator('[data-test-id="rlc-error-container"]:visible');
		await waitFor(page, async () => (await items.count()) > 0 || (await error.count()) > 0, `the ${parameter} picker's list`);
		if ((await error.count()) > 0) throw new Error(`the ${parameter} picker shows an error: ${await error.first().innerText()}`);
		await settle(page);
		return (await items.allInnerTexts()).map((t) => t.trim());
	}
	await ndv.getByTestId(`parameter-input-${parameter}`).click({ timeout: UI_MS });
	const items = page.locator('[data-test-id="parameter-input-item"]:visible');
	await waitFor(page, async () => (await items.count()) > 0, `the ${parameter} dropdown's options`);
	await settle(page);
	return (await items.allInnerTexts()).map((t) => t.trim());
}

/** each expected entity is listed exactly once (by its name and, where shown, its id) and nothing else */
function expectListed(texts: string[], expected: Array<{ name: string; id?: string | number }>): void {
	const matches = expected.map((e) => ({
		name: e.name,
		hits: texts.filter((t) => t.includes(e.name) && (e.id === undefined || t.includes(String(e.id)))).length,
	}));
	expect({ count: texts.length, matches }).toEqual({ count: expected.length, matches: expected.map((e) => ({ name: e.name, hits: 1 })) });
}

/** opens a dropdown and clicks the entry whose text contains `text` (the list closes) */
async function choose(page: Page, ndv: Locator, parameter: string, kind: 'locator' | 'options', text: string): Promise<void> {
	const texts = await dropdownTexts(page, ndv, parameter, kind);
	const matching = texts.filter((t) => t.includes(text));
	if (matching.length !== 1) throw new Error(`the ${parameter} list has ${matching.length} entries with "${text}": ${JSON.stringify(texts)}`);
	const item = page.locator(kind === 'locator' ? '[data-test-id="rlc-item"]:visible' : '[data-test-id="parameter-input-item"]:visible').filter({ hasText: text });
	await item.first().click({ timeout: UI_MS });
	await waitFor(page, async () => (await item.count()) === 0, `the ${parameter} list closed`);
	await settle(page);
}

/** the variable names of a Tanyi job's script (the emulator's GET /job/getJobProperties answer) */
function tanyiJobVariables(job: Json): string[] {
	return emulators.tanyi.state.dialogFlows.find((f: Json) => f.dialogFlowId === job.dialogFlowId).properties;
}

// ---------------------------------------------------------------- suite

beforeAll(async () => {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium and fonts-wqy-microhei (bash .ci/run does), or set CALLBOT_CHROMIUM`);
	}
	fs.rmSync(SHOTS, { recursive: true, force: true });
	fs.mkdirSync(SHOTS, { recursive: true });
	const tarball = await reporter.phase('build + pack', () => stack.buildAndPack());
	emulators = await stack.startEmulators({ fixedPorts: false });
	prepared = await stack.startN8nWithExamples({ tarball, emulators, reporter });
	// what the pickers must list: two jobs per vendor, one with a Chinese name
	for (const name of ['春季回访 浏览器测试', 'Spring follow-up (browser e2e)']) {
		await createTanyiJob(name);
		await createTask({ taskName: name }, emulators.byrobot);
		await createAutodialerJob(name);
	}
	await createTanyiJob(OTHER_SCRIPT_JOB, { dialogFlowId: 139, csStaffGroupId: 11 });
	[prepared.ids[PICKERS], prepared.ids[COMPANY_CHANGE]] = await prepared.server.importWorkflows([
		pickersWorkflow(),
		{ ...prepared.examples['byrobot-leads-import-start'], name: COMPANY_CHANGE },
	]);

	selectors.setTestIdAttribute('data-test-id');
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
	context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
	context.setDefaultTimeout(UI_MS);
	const started = Date.now();
	const page = await context.newPage();
	await page.goto(`${prepared.server.url}/signin`);
	const owner = stack.n8n.DEFAULT_OWNER;
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: UI_MS });
	signedIn = { url: page.url(), cookie: (await context.cookies()).some((c) => c.name === 'n8n-auth') };
	reporter.line(`signed in in ${Date.now() - started} ms; screenshots: ${SHOTS}`);
	await page.close();
});

afterAll(async () => {
	await browser?.close();
	await prepared?.server?.stop();
	await emulators?.close();
	if (prepared) stack.n8n.removeUserFolder(prepared.userFolder);
	reporter.line(`screenshots in ${SHOTS}`);
});

describe('the n8n editor in a real browser (issue 17)', () => {
	it('signs in through n8n’s sign-in page', () => {
		expect(signedIn).toEqual({ url: expect.not.stringContaining('/signin'), cookie: true });
	});

	it.each(exampleKeys)('example %s: no node shows an issue on the canvas or in its panel', async (key) => {
		const workflow = prepared.examples[key];
		const page = await openWorkflow(prepared.ids[key], workflow.nodes.length);
		try {
			await screenshot(page, `canvas-${key}.png`);
			const issues = await canvasIssues(page);
			for (const node of workflow.nodes as Json[]) {
				const ndv = await openPanel(page, node.name);
				issues.push(...(await panelIssues(page, ndv, node.name)));
				await closePanel(page);
			}
			issues.push(...(await canvasIssues(page)).filter((i) => !issues.some((j) => j.where === 'canvas' && j.node === i.node && j.text === i.text)));
			issuesByExample[key] = issues;
			if (issues.length > 0) reporter.line(`${key}: ${issues.map((i) => `${i.node}${i.parameter ? ` › ${i.parameter}` : ''} [${i.where}]: ${i.text}`).join('; ')}`);
			expect(issues).toEqual([]);
		} finally {
			await page.close();
		}
	});

	describe('dropdowns list the emulators’ data', () => {
		let page: Page;
		beforeAll(async () => {
			page = await openWorkflow(prepared.ids[PICKERS], pickersWorkflow().nodes.length);
		});
		afterAll(async () => {
			await page?.close();
		});
		afterEach(async () => {
			if (await page.getByTestId('ndv').isVisible()) await closePanel(page);
		});

		it('Tanyi: the Job picker lists the emulator’s jobs', async () => {
			const ndv = await openPanel(page, 'Tanyi Start Job');
			const texts = await dropdownTexts(page, ndv, 'jobId', 'locator');
			await panelShot(page, ndv, 'panel-tanyi.png');
			expectListed(texts, emulators.tanyi.state.jobs.map((j: Json) => ({ name: j.name, id: j.robotCallJobId })));
		});

		it('Byrobot: the Task picker lists the tasks of the credential’s company', async () => {
			const ndv = await openPanel(page, 'Byrobot Start Task');
			const texts = await dropdownTexts(page, ndv, 'taskId', 'locator');
			await panelShot(page, ndv, 'panel-byrobot.png');
			const company = Number(emulators.byrobot.credentials.companyId);
			const tasks = emulators.byrobot.state.tasks.filter((t: Json) => !t.deleted && t.companyId === company);
			expectListed(texts, tasks.map((t: Json) => ({ name: t.jobName, id: t.callJobId })));
		});

		it('Autodialer: the Job picker lists the emulator’s tasks', async () => {
			const ndv = await openPanel(page, 'Autodialer Start Job');
			const texts = await dropdownTexts(page, ndv, 'jobId', 'locator');
			await panelShot(page, ndv, 'panel-autodialer.png');
			expectListed(texts, emulators.autodialer.state.tasks.map((t: Json) => ({ name: t.name })));
		});

		// issue 17 point 1: a dependent list loads after its dependency is set in the same panel
		it('Tanyi Import Customers: the variable Name list follows the Job picked in the same panel', async () => {
			const jobs = emulators.tanyi.state.jobs as Json[];
			const first = jobs.find((j) => j.name === 'Spring follow-up (browser e2e)')!;
			const other = jobs.find((j) => j.name === OTHER_SCRIPT_JOB)!;
			// the two jobs' scripts differ, so a list that did not follow the job would fail one of the checks below
			expect(tanyiJobVariables(first)).not.toEqual(tanyiJobVariables(other));
			const asked = () =>
				(emulators.tanyi.server.requests('/job/getJobProperties') as Json[]).map((r) => String(r.query.robotCallJobId));
			const before = asked().length;

			const ndv = await openPanel(page, IMPORT);
			await choose(page, ndv, 'jobId', 'locator', first.name);
			await choose(page, ndv, 'variablesFrom', 'options', 'Mapping');
			await ndv
				.locator('[data-test-id="fixed-collection-add"], [data-test-id="fixed-collection-add-top-level-button"], [data-test-id="fixed-collection-add-header"]')
				.first()
				.click({ timeout: UI_MS });
			await ndv.getByTestId('resource-locator-name').waitFor({ state: 'visible', timeout: UI_MS });
			const firstNames = await dropdownTexts(page, ndv, 'name', 'locator');
			await screenshot(ndv, 'panel-tanyi-import-variables-first-job.png');
			expectListed(firstNames, tanyiJobVariables(first).map((name) => ({ name })));
			const afterFirst = asked().slice(before);
			await page.keyboard.press('Escape');
			await waitFor(page, async () => (await page.locator('[data-test-id="rlc-item"]:visible').count()) === 0, 'the Name list closed');

			await choose(page, ndv, 'jobId', 'locator', other.name);
			const otherNames = await dropdownTexts(page, ndv, 'name', 'locator');
			await screenshot(ndv, 'panel-tanyi-import-variables-other-job.png');
			expectListed(otherNames, tanyiJobVariables(other).map((name) => ({ name })));
			const afterOther = asked().slice(before + afterFirst.length);
			// the lists came from the vendor, asked with the job picked at that moment
			expect({ afterFirst: [...new Set(afterFirst)], afterOther: [...new Set(afterOther)] }).toEqual({
				afterFirst: [String(first.robotCallJobId)],
				afterOther: [String(other.robotCallJobId)],
			});
		});

		it('Byrobot Create Task (example): Company and Robot list the emulator’s companies and robots', async () => {
			const example = await openWorkflow(prepared.ids['byrobot-leads-import-start'], prepared.examples['byrobot-leads-import-start'].nodes.length);
			try {
				const ndv = await openPanel(example, 'Create Task');
				const companies = await dropdownTexts(example, ndv, 'companyId', 'options');
				await screenshot(ndv, 'panel-byrobot-create-task-company.png');
				// first the entry for an empty Company (the credential's default company), then the account's companies
				expectListed(companies, [
					{ name: 'Default Company of the Credential', id: emulators.byrobot.credentials.companyId },
					...emulators.byrobot.state.companies.filter((c: Json) => c.owned).map((c: Json) => ({ name: c.companyName, id: c.companyId })),
				]);
				await ndv.getByTestId('parameter-input-companyId').click(); // closes the list again
				await waitFor(example, async () => (await example.locator('[data-test-id="parameter-input-item"]:visible').count()) === 0, 'the Company list closed');
				const company = Number(emulators.byrobot.credentials.companyId);
				const robots = await dropdownTexts(example, ndv, 'robotDefId', 'options');
				expectListed(robots, emulators.byrobot.state.robots.filter((r: Json) => r.companyId === company).map((r: Json) => ({ name: r.robotName, id: r.robotDefId })));
			} finally {
				await example.close();
			}
		});

		it('Byrobot Create Task (copy of the example): Robot lists the robots of the Company picked in the same panel', async () => {
			const example = await openWorkflow(prepared.ids[COMPANY_CHANGE], prepared.examples['byrobot-leads-import-start'].nodes.length);
			try {
				const defaultCompany = Number(emulators.byrobot.credentials.companyId);
				const other = (emulators.byrobot.state.companies as Json[]).find((c) => c.owned && c.companyId !== defaultCompany)!;
				const robotsOf = (companyId: number) =>
					(emulators.byrobot.state.robots as Json[]).filter((r) => r.companyId === companyId).map((r) => ({ name: r.robotName, id: r.robotDefId }));
				expect(robotsOf(other.companyId).map((r) => r.id)).not.toEqual(robotsOf(defaultCompany).map((r) => r.id));
				const asked = () => (emulators.byrobot.server.requests('/company/getRobots') as Json[]).map((r) => String(r.query.companyId));

				const ndv = await openPanel(example, 'Create Task');
				const before = asked().length;
				await choose(example, ndv, 'companyId', 'options', other.companyName);
				const robots = await dropdownTexts(example, ndv, 'robotDefId', 'options');
				await screenshot(ndv, 'panel-byrobot-create-task-other-company.png');
				expectListed(robots, robotsOf(other.companyId));
				// since the panel opened, the robots were asked for the newly picked company only
				expect([...new Set(asked().slice(before))]).toEqual([String(other.companyId)]);
			} finally {
				await example.close();
			}
		});
	});
});
