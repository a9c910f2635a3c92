/**
 * Every shipped example opens in the editor without a red parameter: n8n-workflow's own check
 * (NodeHelpers.getNodeParametersIssues, over the parameters the editor computes with
 * NodeHelpers.getNodeParameters) plus the editor's "The value … is not supported!" rule for a
 * dropdown whose value is not an expression, a loaded dropdown checked against the list its
 * loader returns from the vendor's emulator over real HTTP.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters, INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { Autodialer } from '../../nodes/Autodialer/Autodialer.node';
import { AutodialerCallbackTrigger } from '../../nodes/Autodialer/AutodialerCallbackTrigger.node';
import { Byrobot } from '../../nodes/Byrobot/Byrobot.node';
import { ByrobotCallbackTrigger } from '../../nodes/Byrobot/ByrobotCallbackTrigger.node';
import { ByrobotTrigger } from '../../nodes/Byrobot/ByrobotTrigger.node';
import { Tanyi } from '../../nodes/Tanyi/Tanyi.node';
import { TanyiCallbackTrigger } from '../../nodes/Tanyi/TanyiCallbackTrigger.node';
import { TanyiTrigger } from '../../nodes/Tanyi/TanyiTrigger.node';
import { autodialer, useEmulator as useAutodialer } from '../nodes/Autodialer/support';
import { byrobot, useEmulator as useByrobot } from '../nodes/Byrobot/support';
import { tanyi, useEmulator as useTanyi } from '../nodes/Tanyi/support';

useTanyi();
useByrobot();
useAutodialer();
const loaders: Record<string, typeof tanyi> = { tanyi, byrobot, autodialer };

const ours = new Map<string, INodeType>(
	[new Tanyi(), new TanyiTrigger(), new TanyiCallbackTrigger(), new Byrobot(), new ByrobotTrigger(), new ByrobotCallbackTrigger(), new Autodialer(), new AutodialerCallbackTrigger()].map(
		(t): [string, INodeType] => [`n8n-nodes-callbot.${t.description.name}`, t],
	),
);

const dir = join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.json'));
const isExpression = (v: unknown) => typeof v === 'string' && v.startsWith('=');

interface Loaded {
	at: string;
	method: string;
	values: unknown[];
}

/** the editor's check of a dropdown's value against its options: static ones here, loaded ones collected in `loaded` */
function unsupportedValues(
	properties: INodeProperties[],
	values: INodeParameters,
	node: INode,
	description: INodeTypeDescription,
	path = '',
	loaded: Loaded[] = [],
): string[] {
	const found: string[] = [];
	for (const p of properties) {
		if (!NodeHelpers.displayParameterPath(values, p, path, node, description)) continue;
		const at = path ? `${path}.${p.name}` : p.name;
		const value = NodeHelpers.getParameterValueByPath(values, p.name, path);
		if ((p.type === 'options' || p.type === 'multiOptions') && value !== undefined && !isExpression(value)) {
			const checked = Array.isArray(value) ? value : [value];
			if (p.typeOptions?.loadOptionsMethod) {
				loaded.push({ at, method: p.typeOptions.loadOptionsMethod, values: checked });
			} else {
				const allowed = (p.options ?? []).map((o) => (o as { value: unknown }).value);
				for (const v of checked) if (!allowed.includes(v)) found.push(`${at}: The value "${String(v)}" is not supported!`);
			}
		}
		if (p.type === 'fixedCollection' && value && typeof value === 'object') {
			for (const group of (p.options ?? []) as Array<{ name: string; values: INodeProperties[] }>) {
				const entries = (value as INodeParameters)[group.name];
				const list = Array.isArray(entries) ? entries : entries ? [entries] : [];
				list.forEach((_, i) =>
					found.push(...unsupportedValues(group.values, values, node, description, Array.isArray(entries) ? `${at}.${group.name}[${i}]` : `${at}.${group.name}`, loaded)),
				);
			}
		}
		if (p.type === 'collection' && value && typeof value === 'object') {
			found.push(...unsupportedValues((p.options ?? []) as INodeProperties[], values, node, description, at, loaded));
		}
	}
	return found;
}

describe('Shipped examples open without a parameter issue', () => {
	const cases = examples.flatMap((file) =>
		(JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: INode[] }).nodes.filter((n) => ours.has(n.type)).map((node): [string, string, INode] => [file, node.name, node]),
	);

	it('the examples of all three vendors are checked', () => {
		const vendors = new Set(cases.map(([, , node]) => node.type.replace(/^n8n-nodes-callbot\.|(Callback)?Trigger$/g, '')));
		expect([...vendors].sort()).toEqual(['autodialer', 'byrobot', 'tanyi']);
		expect(cases.length).toBeGreaterThanOrEqual(15);
	});

	it.each(cases)('%s: %s', async (_file, _name, node) => {
		const description = ours.get(node.type)!.description;
		// what the editor holds when the node is opened: the saved values plus the shown defaults
		const parameters = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description) ?? {};
		const opened: INode = { ...node, parameters };
		expect(NodeHelpers.getNodeParametersIssues(description.properties, opened, description)).toBeNull();
		const loaded: Loaded[] = [];
		expect(unsupportedValues(description.properties, parameters, opened, description, '', loaded)).toEqual([]);
		const runner = loaders[Object.keys(loaders).find((v) => node.type === `n8n-nodes-callbot.${v}`) ?? ''];
		if (loaded.length) expect(runner).toBeDefined();
		for (const { at, method, values } of loaded) {
			const options = (await runner.load(method, 'loadOptions', parameters)) as Array<{ value: unknown }>;
			const listed = options.map((o) => String(o.value));
			expect({ at, unsupported: values.filter((v) => !listed.includes(String(v))) }).toEqual({ at, unsupported: [] });
		}
	});

	it('the check finds the issues the editor shows (a required field left empty, an unknown option)', () => {
		const tanyi = new Tanyi().description;
		const node: INode = { id: '1', name: 'T', type: 'n8n-nodes-callbot.tanyi', typeVersion: 1, position: [0, 0], parameters: { resource: 'customer', operation: 'import', jobId: { __rl: true, mode: 'id', value: '' }, variablesFrom: 'nope' } };
		const parameters = NodeHelpers.getNodeParameters(tanyi.properties, node.parameters, true, false, node, tanyi) ?? {};
		expect(NodeHelpers.getNodeParametersIssues(tanyi.properties, { ...node, parameters }, tanyi)?.parameters).toHaveProperty('jobId');
		expect(unsupportedValues(tanyi.properties, parameters, { ...node, parameters }, tanyi)).toEqual(['variablesFrom: The value "nope" is not supported!']);
	});
});
