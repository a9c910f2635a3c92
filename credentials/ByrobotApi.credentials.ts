import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URL_EXPRESSION, appKeyField, appSecretField, baseUrlField, envelopeCodeRule } from '../nodes/core/builders/credentials';
import { byrobotHeaders, withHeaders } from './signing';

export class ByrobotApi implements ICredentialType {
	name = 'byrobotApi';

	displayName = 'Byrobot API';

	icon: Icon = { light: 'file:../nodes/Byrobot/byrobot.svg', dark: 'file:../nodes/Byrobot/byrobot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#byrobot';

	properties: INodeProperties[] = [
		appKeyField({ description: 'The appKey from the Byrobot open platform' }),
		appSecretField(),
		{
			displayName: 'Default Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1001',
			description:
				'One key can operate several companies. Operations whose Company parameter is left empty use this one.',
		},
		baseUrlField({
			default: 'http://api.byrobot.cn',
			description: 'Host only (operation paths start with /openapi/v1). Change for HTTPS, a test host or a private deployment.',
		}),
	];

	// Signs every request (VENDORS.md §2): a fresh RFC 1123 datetime and HMAC-SHA1 sign per call.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, byrobotHeaders(credentials));
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/openapi/v1/company/getCompanys',
			method: 'GET',
		},
		rules: [
			envelopeCodeRule(401, 'Byrobot rejected the signature (code 401): check App Key and App Secret'),
			envelopeCodeRule(403, 'Byrobot says these keys have no permission (code 403)'),
			envelopeCodeRule(404, 'Byrobot answered 404: check the Base URL'),
			envelopeCodeRule(408, 'Byrobot rejected the request time (code 408): the n8n server clock is more than 3 minutes off'),
			envelopeCodeRule(412, 'Byrobot rejected the request (code 412)'),
			envelopeCodeRule(500, 'Byrobot answered with an error (code 500)'),
		],
	};
}
