import type { IAuthenticateRuleResponseCode, IAuthenticateRuleResponseSuccessBody, ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';
import { BASE_URL_EXPRESSION, baseUrlField } from '../nodes/core/builders/credentials';
import { autodialerHeaders, withHeaders } from './signing';

/**
 * The FreeSWITCH-based `/v1/task` outbound-call SaaS of seed 004 (VENDORS.md §3). The seed does
 * not say how requests are authenticated: a token in a header is inferred, and the header name
 * and prefix can be changed to whatever the deployment expects.
 */
export class AutodialerApi implements ICredentialType {
	name = 'autodialerApi';

	displayName = 'Autodialer API';

	icon: Icon = { light: 'file:../nodes/Autodialer/autodialer.svg', dark: 'file:../nodes/Autodialer/autodialer.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#autodialer';

	properties: INodeProperties[] = [
		baseUrlField({
			default: '',
			placeholder: 'https://dialer.example.com',
			description:
				'Address of your dialer platform, host only (the operations add /v1/task…). The platform is white-label, so there is no public default.',
		}),
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API token issued in the platform console',
		},
		{
			displayName: 'Auth Header Name',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			description: 'Header that carries the token (inferred: the vendor does not document it)',
		},
		{
			displayName: 'Auth Header Prefix',
			name: 'headerPrefix',
			type: 'string',
			default: 'Bearer ',
			description: 'Text placed before the token in the header, including any space; empty for the bare token',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, autodialerHeaders(credentials));
	}

	/*
	 * n8n's credential test fails by itself on any non-2xx status; the responseCode rules only give
	 * 401/403/404 a clearer message. Rules cannot say "not JSON", so two body rules stand in for it:
	 * a body whose first character is "<" (an HTML login page) and a body without the `data` list
	 * that GET /v1/task answers (any other text, or JSON of another API). n8n checks both kinds of
	 * rule from the same list, so they are mixed here (the declared type is a union of two arrays).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/v1/task',
			method: 'GET',
			json: true,
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'The platform rejected the token (HTTP 401): check API Token, Auth Header Name and Auth Header Prefix' } },
			{ type: 'responseCode', properties: { value: 403, message: 'The token has no permission for /v1/task (HTTP 403)' } },
			{ type: 'responseCode', properties: { value: 404, message: 'No /v1/task here (HTTP 404): check the Base URL (host only, without /v1)' } },
			{ type: 'responseSuccessBody', properties: { key: '0', value: '<', message: 'The platform answered with an HTML page instead of JSON (usually its login page): check API Token, Auth Header Name and Auth Header Prefix' } },
			{ type: 'responseSuccessBody', properties: { key: 'data', value: undefined, message: 'The answer is not the JSON task list {data: [...]} of GET /v1/task: check the Base URL' } },
		] as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> as IAuthenticateRuleResponseSuccessBody[],
	};
}
