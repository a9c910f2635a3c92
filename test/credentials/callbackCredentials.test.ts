/**
 * The callback credentials (issue 11): the secrets the callback triggers check live in a credential
 * per vendor, never in a node parameter, and each node tests the credential's shape (nothing is
 * sent to the vendor).
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, IDataObject, INodeProperties, INodeType } from 'n8n-workflow';
import { AutodialerCallbackApi } from '../../credentials/AutodialerCallbackApi.credentials';
import { ByrobotCallbackApi } from '../../credentials/ByrobotCallbackApi.credentials';
import { TanyiCallbackApi } from '../../credentials/TanyiCallbackApi.credentials';
import { AutodialerCallbackTrigger } from '../../nodes/Autodialer/AutodialerCallbackTrigger.node';
import { ByrobotCallbackTrigger } from '../../nodes/Byrobot/ByrobotCallbackTrigger.node';
import { TanyiCallbackTrigger } from '../../nodes/Tanyi/TanyiCallbackTrigger.node';

const cases = [
	{ credential: new TanyiCallbackApi(), node: new TanyiCallbackTrigger() as INodeType, encrypted: true },
	{ credential: new ByrobotCallbackApi(), node: new ByrobotCallbackTrigger() as INodeType, encrypted: false },
	{ credential: new AutodialerCallbackApi(), node: new AutodialerCallbackTrigger() as INodeType, encrypted: false },
];

function flatten(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => [p, ...flatten(((p.options ?? []) as INodeProperties[]).filter((o) => typeof o === 'object' && 'type' in o))]);
}

describe.each(cases)('$credential.name', ({ credential, node, encrypted }) => {
	const testName = `${credential.name}Test`;
	const run = (data: IDataObject) =>
		(node.methods!.credentialTest![testName] as (this: ICredentialTestFunctions, c: ICredentialsDecrypted) => Promise<{ status: string; message: string }>).call(
			{} as ICredentialTestFunctions,
			{ id: '1', name: 'c', type: credential.name, data } as ICredentialsDecrypted,
		);

	it('is the only place the node keeps its secret: every secret field is a password field, the node has none', () => {
		const secrets = credential.properties.filter((p) => ['secret', 'token', 'encodingAesKey'].includes(p.name));
		expect(secrets.map((p) => p.name).sort()).toEqual(encrypted ? ['encodingAesKey', 'secret', 'token'] : ['secret']);
		expect(secrets.every((p) => p.typeOptions?.password === true)).toBe(true);
		const nodeFields = flatten(node.description.properties);
		expect(nodeFields.filter((p) => p.typeOptions?.password)).toEqual([]);
		expect(nodeFields.map((p) => p.name)).not.toEqual(expect.arrayContaining(['secret']));
		expect(node.description.credentials).toEqual(expect.arrayContaining([{ name: credential.name, required: true, testedBy: testName }]));
		expect(credential.properties.find((p) => p.name === 'authMode')?.options?.map((o) => (o as { value: string }).value)).toEqual(
			encrypted ? ['encrypted', 'header', 'query'] : ['header', 'query'],
		);
	});

	it('tests the shape of a secret: long enough, a usable parameter name', async () => {
		expect(await run({ authMode: 'query', secret: 'x'.repeat(32), queryParameter: 'token' })).toMatchObject({ status: 'OK' });
		expect(await run({ authMode: 'query', secret: 'short', queryParameter: 'token' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/too short/) });
		expect(await run({ authMode: 'header', secret: 'x'.repeat(32), headerName: 'X Bad' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/header name/) });
	});

});

describe('tanyiCallbackApi, encrypted mode', () => {
	const node = new TanyiCallbackTrigger();
	const run = (data: IDataObject) =>
		(node.methods.credentialTest.tanyiCallbackApiTest as (this: ICredentialTestFunctions, c: ICredentialsDecrypted) => Promise<{ status: string; message: string }>).call(
			{} as ICredentialTestFunctions,
			{ id: '1', name: 'c', type: 'tanyiCallbackApi', data } as ICredentialsDecrypted,
		);

	it('tests Token and EncodingAESKey (43 characters of Base64)', async () => {
		// the vendor demo's values (yiwise/callbackdemo)
		const good = { authMode: 'encrypted', token: 'AIGbuK3sOV', encodingAesKey: 'INnZzJ/DPbUqqtU2ycEhzL8ewpsCRb9XqHBWHdDCknw' };
		expect(await run(good)).toMatchObject({ status: 'OK' });
		expect(await run({ ...good, encodingAesKey: 'too-short' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/EncodingAESKey: .*43 characters/) });
		expect(await run({ ...good, token: '' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/Token/) });
	});
});
