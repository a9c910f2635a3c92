import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { callbackNotice, callbackTriggerBasics } from '../core/builders/trigger';
import { toNodeError } from '../core/errors';
import { send } from '../core/transport';
import { isObject, tryParseJson } from '../core/util';
import {
	callbackUrlWithSecret,
	decryptSignedCallback,
	deliveryOptionsProperty,
	eventsProperty,
	extractEncrypt,
	finishCallback,
	readBody,
	readDeliverySettings,
	readSecretCheck,
	receiveSecretCallback,
	rejectBadRequest,
	rejectUnauthorized,
	respond,
	secretProblem,
	secretProperties,
	simplifyProperty,
	wecomQuery,
	type WecomKeys,
} from '../core/webhook';
import { tanyi } from './api';
import { tanyiCallbackEvent } from './callbackEvent';

function encryptionKeys(ctx: IWebhookFunctions): WecomKeys {
	return {
		token: String(ctx.getNodeParameter('encryptionToken', '')),
		encodingAesKey: String(ctx.getNodeParameter('encodingAesKey', '')),
	};
}

export class TanyiCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tanyi Callback Trigger',
		name: 'tanyiCallbackTrigger',
		icon: { light: 'file:tanyi.svg', dark: 'file:tanyi.dark.svg' },
		...callbackTriggerBasics({
			// encrypted mode: the URL check (GET ?msg_signature&timestamp&nonce&echostr)
			extraWebhooks: [{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'callback' }],
		}),
		subtitle: '={{ "Events: " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Tanyi (YiWise) posts a callback: finished call, job completed, SMS sent',
		defaults: { name: 'Tanyi Callback Trigger' },
		credentials: [
			{
				name: 'tanyiApi',
				required: true,
				displayOptions: { show: { registerCallbackUrl: [true] } },
			},
		],
		properties: [
			callbackNotice(
				'Give Tanyi the production URL above (console callback settings, or turn on "Register Callback URL"). Tanyi wants the answer "success"; this node gives it, also for events it filters out or has seen before.',
			),
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
			eventsProperty({
				events: [
					{ name: 'Call Finished (ROBOT_CALL_RECORD)', value: 'ROBOT_CALL_RECORD' },
					{ name: 'Job Completed (ROBOT_CALL_JOB)', value: 'ROBOT_CALL_JOB' },
					{ name: 'SMS Sent (ROBOT_CALL_SMS)', value: 'ROBOT_CALL_SMS' },
				],
				default: ['ROBOT_CALL_RECORD'],
			}),
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
							body: { tenantSign: String(credentials.tenantSign ?? ''), callbackUrl: callbackUrlWithSecret(this) },
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
			const plain = decryptSignedCallback(this, encryptionKeys(this), wecomQuery(this, 'echostr') || undefined);
			return typeof plain === 'string' ? respond(this, 200, plain) : plain;
		}

		const events = this.getNodeParameter('events', ['ROBOT_CALL_RECORD']) as string[];
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		const toEvent = (payload: IDataObject) =>
			typeof payload.dataType === 'string' ? tanyiCallbackEvent(payload, simplify) : undefined;
		const unreadable = 'expected a JSON object {dataType, data}';
		if (!encrypted) return await receiveSecretCallback(this, { event: toEvent, unreadable, events });

		const plain = decryptSignedCallback(this, encryptionKeys(this), extractEncrypt(await readBody(this)));
		if (typeof plain !== 'string') return plain;
		const parsed = tryParseJson(plain);
		const event = isObject(parsed) ? toEvent(parsed) : undefined;
		if (!event) return rejectBadRequest(this, unreadable);
		return finishCallback(this, event, readDeliverySettings(this, events));
	}
}
