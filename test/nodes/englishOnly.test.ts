/**
 * n8n's verification guidelines want English-only UI text: every string of every node's
 * description and every credential's fields (Chinese search words live in the codex aliases,
 * nodes/<Vendor>/*.node.json). The one exception is vendor data the code must match verbatim.
 */
import type { ICredentialType, INodeType } from 'n8n-workflow';
import { AutodialerApi } from '../../credentials/AutodialerApi.credentials';
import { ByrobotApi } from '../../credentials/ByrobotApi.credentials';
import { TanyiApi } from '../../credentials/TanyiApi.credentials';
import { Autodialer } from '../../nodes/Autodialer/Autodialer.node';
import { AutodialerCallbackTrigger } from '../../nodes/Autodialer/AutodialerCallbackTrigger.node';
import { INTENT_RESULT_NAME } from '../../nodes/Byrobot/api';
import { Byrobot } from '../../nodes/Byrobot/Byrobot.node';
import { ByrobotCallbackTrigger } from '../../nodes/Byrobot/ByrobotCallbackTrigger.node';
import { ByrobotTrigger } from '../../nodes/Byrobot/ByrobotTrigger.node';
import { Tanyi } from '../../nodes/Tanyi/Tanyi.node';
import { TanyiCallbackTrigger } from '../../nodes/Tanyi/TanyiCallbackTrigger.node';
import { TanyiTrigger } from '../../nodes/Tanyi/TanyiTrigger.node';

const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

/** vendor data the code sends or matches as the vendor spells it (the default of an analysis-result filter) */
const VENDOR_DATA = new Set([INTENT_RESULT_NAME]);

/** every string under `value` with CJK characters, as `path: text` */
function chineseStrings(value: unknown, path: string): string[] {
	if (typeof value === 'string') return CJK.test(value) && !VENDOR_DATA.has(value) ? [`${path}: ${value}`] : [];
	if (Array.isArray(value)) return value.flatMap((entry, i) => chineseStrings(entry, `${path}[${i}]`));
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([key, entry]) => chineseStrings(entry, `${path}.${key}`));
	}
	return [];
}

const nodes: INodeType[] = [
	new Tanyi(),
	new TanyiTrigger(),
	new TanyiCallbackTrigger(),
	new Byrobot(),
	new ByrobotTrigger(),
	new ByrobotCallbackTrigger(),
	new Autodialer(),
	new AutodialerCallbackTrigger(),
];
const credentials: ICredentialType[] = [new TanyiApi(), new ByrobotApi(), new AutodialerApi()];

describe('English-only UI', () => {
	it.each(nodes.map((node) => [node.description.name, node]))('node %s: no Chinese in its description', (_name, node) => {
		expect(chineseStrings((node as INodeType).description, 'description')).toEqual([]);
	});

	it.each(credentials.map((credential) => [credential.name, credential]))(
		'credential %s: no Chinese in its name or fields',
		(_name, credential) => {
			const { displayName, properties } = credential as ICredentialType;
			expect(chineseStrings({ displayName, properties }, 'credential')).toEqual([]);
		},
	);

	it('the check finds Chinese anywhere in a description, and lets only vendor data through', () => {
		expect(
			chineseStrings({ properties: [{ options: [{ name: 'Create', description: 'Create a job (创建任务)' }] }] }, 'd'),
		).toEqual(['d.properties[0].options[0].description: Create a job (创建任务)']);
		expect(chineseStrings({ default: INTENT_RESULT_NAME, placeholder: 'A级' }, 'd')).toEqual(['d.placeholder: A级']);
	});
});
