import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { appKeyField, appSecretField, baseUrlField } from '../nodes/core/builders/credentials';
import { byrobotHeaders } from './signing';

export class ByrobotApi implements ICredentialType {
	name = 'byrobotApi';

	displayName = 'Byrobot (百应) API';

	icon: Icon = { light: 'file:../nodes/Byrobot/byrobot.svg', dark: 'file:../nodes/Byrobot/byrobot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#byrobot';

	properties: INodeProperties[] = [
		appKeyField({ description: 'The appKey from the Byrobot (百应) open platform' }),
		appSecretField(),
		{
			displayName: 'Default Company ID',
			name: 'companyId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1001',
			description:
				'One key can operate several companies (公司). Operations whose Company parameter is left empty use this one.',
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
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			...byrobotHeaders({
				appKey: String(credentials.appKey ?? ''),
				appSecret: String(credentials.appSecret ?? ''),
			}),
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/openapi/v1/company/getCompanys',
			method: 'GET',
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 401, message: 'Byrobot rejected the signature (code 401): check App Key and App Secret' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 403, message: 'Byrobot says these keys have no permission (code 403)' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 404, message: 'Byrobot answered 404: check the Base URL' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 408, message: 'Byrobot rejected the request time (code 408): the n8n server clock is more than 3 minutes off' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 412, message: 'Byrobot rejected the request (code 412)' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 500, message: 'Byrobot answered with an error (code 500)' } },
		],
	};
}
