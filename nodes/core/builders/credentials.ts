import type { IAuthenticateRuleResponseSuccessBody, INodeProperties } from 'n8n-workflow';

/** The vendor's app key (masked: n8n-nodes-base wants every "key" field masked). */
export function appKeyField(o: { description: string }): INodeProperties {
	return {
		displayName: 'App Key',
		name: 'appKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: o.description,
	};
}

/** The app secret: it signs requests and is never sent. */
export function appSecretField(): INodeProperties {
	return {
		displayName: 'App Secret',
		name: 'appSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The appSecret; it only signs requests and is never sent',
	};
}

/** The credential test's base URL: the Base URL field without a trailing slash. */
export const BASE_URL_EXPRESSION = '={{$credentials.baseUrl.replace(/\\/+$/, "")}}';

/** The vendor's address, with the public default where there is one. */
export function baseUrlField(o: { default: string; description: string; placeholder?: string }): INodeProperties {
	const { default: publicUrl } = o;
	const field: INodeProperties = {
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: publicUrl,
		required: true,
		description: o.description,
	};
	if (o.placeholder !== undefined) field.placeholder = o.placeholder;
	return field;
}

/**
 * A credential-test rule for the `{code, data, resultMsg}` envelope (Tanyi, Byrobot): the vendor
 * answers HTTP 200 with `code` set to the failure, so the rule reads the body.
 */
export function envelopeCodeRule(code: number, message: string): IAuthenticateRuleResponseSuccessBody {
	return { type: 'responseSuccessBody', properties: { key: 'code', value: code, message } };
}
