/**
 * RunParams reads parameters once per run and `={{ $json.field }}` without n8n's expression
 * engine. It must give exactly what n8n's own `getNodeParameter(name, i)` gives: a probe node
 * reads every parameter both ways, for every item, inside n8n-core's engine, and the test
 * compares the two.
 */
import { NodeConnectionTypes } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { ItemParams, RunParams } from '../../../nodes/core/params';
import { jsonOf, nodeRunner } from '../../harness/nodeRunner';

const NAMES = ['plain', 'field', 'bracket', 'spaced', 'trailing', 'template', 'locator', 'collection', 'list', 'missingParam'];

class ReadBothWays implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Read Both Ways',
		name: 'readBothWays',
		group: ['transform'],
		version: 1,
		description: 'Test probe',
		defaults: { name: 'Read Both Ways' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: NAMES.filter((n) => n !== 'missingParam').map((name) => ({
			displayName: name,
			name,
			type: name === 'locator' ? 'resourceLocator' : name === 'collection' ? 'collection' : name === 'list' ? 'fixedCollection' : 'string',
			default: name === 'locator' ? { mode: 'id', value: '' } : name === 'collection' || name === 'list' ? {} : '',
			...(name === 'locator' ? { modes: [{ displayName: 'ID', name: 'id', type: 'string' }] } : {}),
			...(name === 'collection' ? { options: [{ displayName: 'X', name: 'x', type: 'string', default: '' }, { displayName: 'Y', name: 'y', type: 'number', default: 0 }] } : {}),
			...(name === 'list'
				? {
						typeOptions: { multipleValues: true },
						options: [{ displayName: 'Pair', name: 'pair', values: [{ displayName: 'V', name: 'v', type: 'string', default: '' }] }],
					}
				: {}),
		})) as INodeTypeDescription['properties'],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = new RunParams(this);
		const out = this.getInputData().map((_item, index) => {
			const p = new ItemParams(this, index, run);
			const fast: IDataObject = {};
			const n8n: IDataObject = {};
			for (const name of NAMES) {
				fast[name] = p.get(name, 'fallback') as IDataObject[string];
				n8n[name] = this.getNodeParameter(name, index, 'fallback') as IDataObject[string];
			}
			return { json: { fast, n8n, keys: { fast: Object.keys(fast.collection as object), n8n: Object.keys(n8n.collection as object) } } };
		});
		out.push({ json: { evaluated: run.evaluated } as never });
		return [out];
	}
}

const probe = nodeRunner({ node: () => new ReadBothWays() });

const VALUES: unknown[] = ['13800000000', 13800000000, 1.5, 0, '', ' padded ', null, true, false, { a: 1 }, [1, 'x'], undefined];

it("gives what n8n's getNodeParameter gives, for every kind of field value", async () => {
	const items = VALUES.map((f) => ({ json: (f === undefined ? { other: 1 } : { f, other: 1 }) as IDataObject }));
	const result = await probe.run(
		{
			plain: 'no expression',
			field: '={{ $json.f }}',
			bracket: "={{ $json['f'] }}",
			spaced: '={{$json.f}}',
			trailing: '={{ $json.f }} ',
			template: '=Lead {{ $json.f }}',
			locator: { __rl: true, mode: 'id', value: '={{ $json.f }}' },
			collection: { x: '={{ $json.f }}', y: 3 },
			list: { pair: [{ v: '={{ $json.other }}' }, { v: 'const' }] },
		},
		items,
	);
	const out = jsonOf(result);
	for (const row of out.slice(0, -1)) {
		expect(row.fast).toEqual(row.n8n);
		expect((row.keys as IDataObject).fast).toEqual((row.keys as IDataObject).n8n);
	}
	expect((out[0].fast as IDataObject).field).toBe('13800000000');
	expect((out[1].fast as IDataObject).field).toBe(13800000000);
	expect((out[11].fast as IDataObject).field).toBeUndefined();
	expect((out[0].fast as IDataObject).missingParam).toBe('fallback');
	// n8n evaluated only what the fast path must leave to it: text around the braces (2 parameters,
	// every item), and the 5 parameters reading `f` on the 2 items where it is an object or a list
	expect(out[out.length - 1].evaluated).toBe(VALUES.length * 2 + 2 * 5);
});

it('reads a parameter without an expression from n8n once per run, and the common mapping never evaluates', async () => {
	const items = Array.from({ length: 200 }, (_, i) => ({ json: { f: `1380000${String(i).padStart(4, '0')}`, other: i } }));
	const out = jsonOf(await probe.run({ field: '={{ $json.f }}', locator: { __rl: true, mode: 'id', value: '={{ $json.other }}' }, plain: 'x', trailing: 'y', template: 'z' }, items));
	expect(out[out.length - 1].evaluated).toBe(0);
	expect((out[199].fast as IDataObject).locator).toEqual({ __rl: true, mode: 'id', value: 199 });
});

class OnceProbe extends ReadBothWays {
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const run = new RunParams(this);
		const calls = { plain: 0, field: 0, failing: 0 };
		const errors: string[] = [];
		const values = this.getInputData().map((_item, index) => {
			const p = new ItemParams(this, index, run);
			const plain = p.once('plain', (q) => (calls.plain++, q.get('plain')));
			const field = p.once('field', (q) => (calls.field++, q.get('field')));
			try {
				p.once('failing', (q) => {
					calls.failing++;
					throw new Error(`bad ${String(q.get('plain'))}`);
				});
			} catch (error) {
				errors.push((error as Error).message);
			}
			return { plain, field };
		});
		return [[{ json: { calls, errors, values } as never }]];
	}
}

it('once(): a check reading only constant parameters runs once per run (its error too); one reading the item runs per item', async () => {
	const items = Array.from({ length: 5 }, (_, i) => ({ json: { f: `v${i}` } }));
	const [out] = jsonOf(await nodeRunner({ node: () => new OnceProbe() }).run({ plain: 'x', field: '={{ $json.f }}' }, items));
	expect(out.calls).toEqual({ plain: 1, field: 5, failing: 1 });
	expect(out.errors).toEqual(Array(5).fill('bad x'));
	expect((out.values as IDataObject[]).map((v) => v.field)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
	expect((out.values as IDataObject[]).every((v) => v.plain === 'x')).toBe(true);
});
