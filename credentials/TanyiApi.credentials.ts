import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URL_EXPRESSION, appKeyField, appSecretField, baseUrlField, envelopeCodeRule } from '../nodes/core/builders/credentials';
import { tanyiHeaders, withHeaders } from './signing';

export class TanyiApi implements ICredentialType {
	name = 'tanyiApi';

	displayName = 'Tanyi API';

	icon: Icon = { light: 'file:../nodes/Tanyi/tanyi.svg', dark: 'file:../nodes/Tanyi/tanyi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#tanyi';

	properties: INodeProperties[] = [
		appKeyField({ description: 'The appKey from the Tanyi open platform console' }),
		appSecretField(),
		{
			displayName: 'Tenant Sign',
			name: 'tenantSign',
			type: 'string',
			default: '',
			required: true,
			description: 'The tenant identifier the keys belong to',
		},
		baseUrlField({
			default: 'https://openapi.tanyibot.com/apiOpen/v1',
			description: 'Change for a test host or a private deployment',
		}),
	];

	// Signs every request (VENDORS.md §1): a fresh timestamp and SHA-256 signature per call.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, tanyiHeaders(credentials));
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/tenant/getTenant',
			method: 'GET',
		},
		rules: [
			envelopeCodeRule(401, 'Tanyi rejected the keys (code 401): check App Key, App Secret and Tenant Sign'),
			envelopeCodeRule(403, 'Tanyi says these keys have no permission (code 403)'),
			envelopeCodeRule(404, 'Tanyi answered 404: check the Base URL'),
			envelopeCodeRule(412, 'Tanyi rejected the request (code 412)'),
			envelopeCodeRule(500, 'Tanyi answered with an error (code 500)'),
		],
	};
}
