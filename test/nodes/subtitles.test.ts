/**
 * The canvas subtitle of every action node, for every resource and operation, evaluated as the
 * editor does (Workflow.expression.getSimpleParameterValue over the node's parameters): it must
 * read as words, never as the raw camelCase values ("importNumbers: customer").
 */
import { Workflow } from 'n8n-workflow';
import type { INode, INodeProperties, INodeType, INodeTypes } from 'n8n-workflow';
import { Autodialer } from '../../nodes/Autodialer/Autodialer.node';
import { AutodialerCallbackTrigger } from '../../nodes/Autodialer/AutodialerCallbackTrigger.node';
import { Byrobot } from '../../nodes/Byrobot/Byrobot.node';
import { ByrobotCallbackTrigger } from '../../nodes/Byrobot/ByrobotCallbackTrigger.node';
import { ByrobotTrigger } from '../../nodes/Byrobot/ByrobotTrigger.node';
import { Tanyi } from '../../nodes/Tanyi/Tanyi.node';
import { TanyiCallbackTrigger } from '../../nodes/Tanyi/TanyiCallbackTrigger.node';
import { TanyiTrigger } from '../../nodes/Tanyi/TanyiTrigger.node';


function pairs(type: INodeType): Array<{ resource: string; operation: string; action: string }> {
	const properties = type.description.properties as INodeProperties[];
	const resources = properties.find((p) => p.name === 'resource')!.options as Array<{ value: string }>;
	return resources.flatMap(({ value: resource }) => {
		const operation = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource))!;
		return (operation.options as Array<{ value: string; action: string }>).map((o) => ({ resource, operation: o.value, action: o.action }));
	});
}

function subtitle(type: INodeType, resource: string, operation: string): unknown {
	const node: INode = { id: 's', name: 's', type: type.description.name, typeVersion: 1, position: [0, 0], parameters: { resource, operation } };
	const nodeTypes = { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) };
	// the editor's workflow holds the node: that is where `$parameter` is read from
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as unknown as INodeTypes });
	return workflow.expression.getSimpleParameterValue(node, type.description.subtitle!, 'internal', {}, undefined, '');
}

describe.each([
	['Tanyi', new Tanyi()],
	['Byrobot', new Byrobot()],
	['Autodialer', new Autodialer()],
])('%s subtitle', (_, type) => {
	const all = pairs(type);

	it('covers operations', () => {
		expect(all.length).toBeGreaterThan(3);
	});

	it.each(all)('$resource / $operation reads as its action text', ({ resource, operation, action }) => {
		const text = subtitle(type, resource, operation);
		expect(text).toBe(action);
		expect(String(text)).not.toMatch(/[a-z][A-Z]/);
		expect(String(text)).not.toContain(':');
		expect(String(text)).toMatch(/^[A-Z][a-z]+ /);
	});
});

describe('node panel descriptions', () => {
	// n8n's node panel lists an action node and its trigger under one entry: the action node's own
	// description must say what its actions do, not repeat the trigger's "Starts the workflow when …"
	it.each([
		[new Tanyi(), [new TanyiTrigger(), new TanyiCallbackTrigger()]],
		[new Byrobot(), [new ByrobotTrigger(), new ByrobotCallbackTrigger()]],
		[new Autodialer(), [new AutodialerCallbackTrigger()]],
	] as Array<[INodeType, INodeType[]]>)('%#: the action node says what its actions do', (action, triggers) => {
		const text = action.description.description;
		expect(text).toMatch(/^Create, start and (pause|stop) /);
		expect(text).toMatch(/import/);
		for (const trigger of triggers) {
			expect(trigger.description.description).toMatch(/^Starts the workflow/);
			expect(text).not.toBe(trigger.description.description);
		}
	});
});

describe('callback trigger subtitles', () => {
	it.each([
		[new TanyiCallbackTrigger(), ['ROBOT_CALL_RECORD', 'ROBOT_CALL_JOB', 'other'], 'Events: Call Finished, Job Completed, Any Other Event Type'],
		[new ByrobotCallbackTrigger(), ['CALL_INSTANCE_RESULT', 'MANUAL_INTENT_EDIT', 'JOB_INFO_RESULT'], 'Events: Call Finished, Intent Edited by Hand, Task Status Changed'],
	] as Array<[INodeType, string[], string]>)('%#: the chosen events in words', (type, events, expected) => {
		const node: INode = { id: 's', name: 's', type: type.description.name, typeVersion: 1, position: [0, 0], parameters: { events } };
		const nodeTypes = { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as unknown as INodeTypes });
		expect(workflow.expression.getSimpleParameterValue(node, type.description.subtitle!, 'internal', {}, undefined, '')).toBe(expected);
	});

	it.each([new TanyiCallbackTrigger(), new ByrobotCallbackTrigger()])('%#: no event option is named by its enum', (type) => {
		const events = (type.description.properties as INodeProperties[]).find((p) => p.name === 'events')!;
		for (const o of events.options as Array<{ name: string; description?: string }>) {
			expect(o.name).not.toMatch(/[A-Z]{2,}_[A-Z]/);
			expect(o.description ?? '').not.toMatch(/[A-Z]{2,}_[A-Z]/);
		}
	});
});

describe('option texts', () => {
	/** every static option of every parameter, nested collections included */
	function optionsOf(properties: INodeProperties[]): Array<{ at: string; name: string; description?: string }> {
		const found: Array<{ at: string; name: string; description?: string }> = [];
		for (const p of properties) {
			for (const o of (p.options ?? []) as Array<{ name: string; description?: string; values?: INodeProperties[]; type?: string; displayName?: string }>) {
				if ('value' in o) found.push({ at: p.name, name: o.name, description: o.description });
				else if (o.values) found.push(...optionsOf(o.values));
				else if (o.displayName) found.push(...optionsOf([o as unknown as INodeProperties]));
			}
		}
		return found;
	}

	it.each([new Tanyi(), new TanyiTrigger(), new TanyiCallbackTrigger(), new Byrobot(), new ByrobotTrigger(), new ByrobotCallbackTrigger(), new Autodialer(), new AutodialerCallbackTrigger()])(
		'%#: no option is named or described by a vendor enum name',
		(type) => {
			const options = optionsOf(type.description.properties as INodeProperties[]);
			expect(options.length).toBeGreaterThan(0);
			const enumName = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/;
			expect(options.filter((o) => enumName.test(o.name) || enumName.test(o.description ?? ''))).toEqual([]);
		},
	);
});
