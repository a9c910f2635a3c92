import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { isObject } from '../core/util';
import { toNodeError } from '../core/errors';
import { send } from '../core/transport';
import {
	deliveryOptionsProperty,
	digest,
	extractEncrypt,
	finishCallback,
	parseObjectBody,
	readBody,
	readDeliverySettings,
	readSecretCheck,
	rejectBadRequest,
	rejectUnauthorized,
	respond,
	secretProblem,
	secretProperties,
	simplifyProperty,
	type CallbackEvent,
} from '../core/webhook';
import { verifyWecomSignature, wecomAesKey, wecomDecrypt } from '../core/webhook/wecomCrypto';
import { normalizeTanyiCall } from './normalize';
import { tanyi } from './shared';

/** VENDORS.md §1 "Callbacks" */
export const TANYI_EVENTS = ['ROBOT_CALL_RECORD', 'ROBOT_CALL_JOB', 'ROBOT_CALL_SMS'] as const;
const OTHER_EVENT = 'other';

function queryString(ctx: IWebhookFunctions, name: string): string {
	const value = (ctx.getQueryData() as Record<string, unknown>)[name];
	const one = Array.isArray(value) ? value[0] : value;
	return typeof one === 'string' ? one : '';
}

function encryptionSettings(ctx: IWebhookFunctions): { token: string; encodingAesKey: string } {
	return {
		token: String(ctx.getNodeParameter('encryptionToken', '')),
		encodingAesKey: String(ctx.getNodeParameter('encodingAesKey', '')),
	};
}

/** Checks msg_signature over `encrypt` and decrypts it; a response when that fails. */
function decryptSigned(ctx: IWebhookFunctions, encrypt: string | undefined): string | IWebhookResponseData {
	const { token, encodingAesKey } = encryptionSettings(ctx);
	if (token === '' || encodingAesKey === '') return rejectUnauthorized(ctx, 'the Token or EncodingAESKey is not configured');
	if (!encrypt) return rejectUnauthorized(ctx, 'no encrypted content');
	const signature = queryString(ctx, 'msg_signature');
	if (signature === '') return rejectUnauthorized(ctx, 'msg_signature is missing');
	if (!verifyWecomSignature(token, queryString(ctx, 'timestamp'), queryString(ctx, 'nonce'), encrypt, signature)) {
		return rejectUnauthorized(ctx, 'msg_signature does not match');
	}
	try {
		wecomAesKey(encodingAesKey);
	} catch (error) {
		ctx.logger.error(`Tanyi callback: ${(error as Error).message}`);
		return respond(ctx, 500, 'receiver misconfigured');
	}
	try {
		return wecomDecrypt(encrypt, encodingAesKey).message;
	} catch (error) {
		// signed with our token, but the key does not fit: a configuration mistake on one side
		return rejectBadRequest(ctx, `cannot decrypt (${(error as Error).message}); check the EncodingAESKey`);
	}
}

/** The URL Tanyi should post to: the production URL, plus the secret in query mode. */
function callbackUrlFor(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	if (ctx.getNodeParameter('authMode', 'query') !== 'query') return url;
	const name = String(ctx.getNodeParameter('queryParameter', 'token')).trim();
	const secret = String(ctx.getNodeParameter('secret', ''));
	return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(secret)}`;
}

function toEvent(payload: IDataObject, simplify: boolean): CallbackEvent {
	const dataType = String(payload.dataType);
	const data = isObject(payload.data) ? payload.data : {};
	const known = (TANYI_EVENTS as readonly string[]).includes(dataType);
	const isCall = dataType === 'ROBOT_CALL_RECORD';
	const id = isCall ? data.callRecordId : undefined;
	return {
		type: known ? dataType : OTHER_EVENT,
		// a retried call record repeats its callRecordId; other events repeat their content
		dedupKey: `tanyi:${dataType}:${id !== undefined && id !== null && id !== '' ? String(id) : digest(data)}`,
		item: isCall && simplify ? normalizeTanyiCall(data) : payload,
	};
}

export class TanyiCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tanyi Callback Trigger',
		name: 'tanyiCallbackTrigger',
		icon: { light: 'file:tanyi.svg', dark: 'file:tanyi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Events: " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Tanyi (探意 / YiWise) posts a callback: finished call, job completed, SMS sent',
		defaults: { name: 'Tanyi Callback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'tanyiApi',
				required: true,
				displayOptions: { show: { registerCallbackUrl: [true] } },
			},
		],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' },
			// encrypted mode: the URL check (GET ?msg_signature&timestamp&nonce&echostr)
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'callback' },
		],
		properties: [
			{
				displayName:
					'Give Tanyi the production URL above (console callback settings, or turn on "Register Callback URL"). Tanyi wants the answer "success"; this node gives it, also for events it filters out or has seen before.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...secretProperties([
				{
					name: 'Encrypted Callbacks (Token and EncodingAESKey)',
					value: 'encrypted',
					description: 'WeCom-style signed and AES-encrypted callbacks of newer YiWise accounts',
				},
			]),
			{
				displayName: 'Token',
				name: 'encryptionToken',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: { show: { authMode: ['encrypted'] } },
				description: 'The callback Token from the Tanyi / YiWise console; it signs every callback (msg_signature)',
			},
			{
				displayName: 'EncodingAESKey',
				name: 'encodingAesKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: { show: { authMode: ['encrypted'] } },
				description: 'The 43-character EncodingAESKey from the same console page',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Any Other Event Type', value: OTHER_EVENT, description: 'Event types this node does not know yet' },
					{ name: 'Call Finished (ROBOT_CALL_RECORD)', value: 'ROBOT_CALL_RECORD' },
					{ name: 'Job Completed (ROBOT_CALL_JOB)', value: 'ROBOT_CALL_JOB' },
					{ name: 'SMS Sent (ROBOT_CALL_SMS)', value: 'ROBOT_CALL_SMS' },
				],
				default: ['ROBOT_CALL_RECORD'],
				description: 'Which callbacks start the workflow; the others are still answered "success"',
			},
			simplifyProperty(),
			{
				displayName: 'Register Callback URL',
				name: 'registerCallbackUrl',
				type: 'boolean',
				default: false,
				description:
					'Whether to set this URL as the callback URL of the whole Tanyi account (POST /isv/updateIsvInfo) when the workflow is activated. It replaces the URL any other system uses, and it is not restored on deactivation.',
			},
			deliveryOptionsProperty(),
		],
	};

	webhookMethods = {
		default: {
			// Tanyi has no API to read the callback URL back; registering again is harmless.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('registerCallbackUrl', false) !== true) return true;
				if (this.getMode() === 'manual') {
					// the test URL would replace the account-wide URL and stay there after testing
					this.logger.info('Tanyi Callback Trigger: the callback URL is registered on activation only, not for test runs');
					return true;
				}
				const credentials = await this.getCredentials('tanyiApi');
				try {
					await send(
						this,
						tanyi,
						{
							method: 'POST',
							path: '/isv/updateIsvInfo',
							body: { tenantSign: String(credentials.tenantSign ?? ''), callbackUrl: callbackUrlFor(this) },
						},
						{ retry: 'idempotent' },
					);
				} catch (error) {
					throw toNodeError(this.getNode(), error, 0);
				}
				const staticData = this.getWorkflowStaticData('node');
				staticData.registeredCallbackUrl = this.getNodeWebhookUrl('default') ?? null;
				return true;
			},
			// The previous account URL is unknown, so nothing is restored on deactivation.
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				delete staticData.registeredCallbackUrl;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const encrypted = this.getNodeParameter('authMode', 'query') === 'encrypted';

		if (this.getWebhookName() === 'setup') {
			if (!encrypted) {
				const problem = secretProblem(this, readSecretCheck(this));
				return problem ? rejectUnauthorized(this, problem) : respond(this, 200, 'success');
			}
			// URL verification: answer the decrypted echostr
			const plain = decryptSigned(this, queryString(this, 'echostr') || undefined);
			return typeof plain === 'string' ? respond(this, 200, plain) : plain;
		}

		let payload: IDataObject | undefined;
		if (encrypted) {
			const plain = decryptSigned(this, extractEncrypt(await readBody(this)));
			if (typeof plain !== 'string') return plain;
			try {
				const parsed = JSON.parse(plain) as unknown;
				payload = isObject(parsed) ? parsed : undefined;
			} catch {
				payload = undefined;
			}
		} else {
			const problem = secretProblem(this, readSecretCheck(this));
			if (problem) return rejectUnauthorized(this, problem);
			payload = parseObjectBody(await readBody(this));
		}
		if (!payload || typeof payload.dataType !== 'string') {
			return rejectBadRequest(this, 'expected a JSON object {dataType, data}');
		}

		const events = this.getNodeParameter('events', ['ROBOT_CALL_RECORD']) as string[];
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		return finishCallback(this, toEvent(payload, simplify), readDeliverySettings(this, events));
	}
}
