import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { appKeyField, appSecretField, baseUrlField } from '../nodes/core/builders/credentials';
import { tanyiHeaders } from './signing';

export class TanyiApi implements ICredentialType {
	name = 'tanyiApi';

	displayName = 'Tanyi (探意) API';

	icon: Icon = { light: 'file:../nodes/Tanyi/tanyi.svg', dark: 'file:../nodes/Tanyi/tanyi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#tanyi';

	properties: INodeProperties[] = [
		appKeyField({ description: 'The appKey from the Tanyi open platform (开放平台) console' }),
		appSecretField(),
		{
			displayName: 'Tenant Sign',
			name: 'tenantSign',
			type: 'string',
			default: '',
			required: true,
			description: 'The tenant (企业) identifier the keys belong to',
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
		requestOptions.headers = {
			...(requestOptions.headers ?? {}),
			...tanyiHeaders({
				appKey: String(credentials.appKey ?? ''),
				appSecret: String(credentials.appSecret ?? ''),
				tenantSign: String(credentials.tenantSign ?? ''),
			}),
		};
		return requestOptions;
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/tenant/getTenant',
			method: 'GET',
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 401, message: 'Tanyi rejected the keys (code 401): check App Key, App Secret and Tenant Sign' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 403, message: 'Tanyi says these keys have no permission (code 403)' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 404, message: 'Tanyi answered 404: check the Base URL' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 412, message: 'Tanyi rejected the request (code 412)' } },
			{ type: 'responseSuccessBody', properties: { key: 'code', value: 500, message: 'Tanyi answered with an error (code 500)' } },
		],
	};
}
