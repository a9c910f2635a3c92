import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodePropertyOptions,
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
	callbackCredentialTest,
	callbackUrlWithSecret,
	decodeBase64Param,
	decryptSignedCallback,
	deliveryOptionsProperty,
	eventsProperty,
	eventsSubtitle,
	extractEncrypt,
	finishCallback,
	isDecrypted,
	readBody,
	readCallbackAuth,
	readDeliverySettings,
	receiveSecretCallback,
	rejectBadRequest,
	rejectUnauthorized,
	respond,
	secretCheckOf,
	secretProblem,
	simplifyProperty,
	staleness,
	wecomQuery,
} from '../core/webhook';
import { tanyi } from './api';
import { TANYI_MAX_AGE_HOURS, tanyiCallbackEvent } from './callbackEvent';

const CALLBACK_CREDENTIAL = 'tanyiCallbackApi';

/** the callback event types, in words */
const TANYI_EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Call Finished', value: 'ROBOT_CALL_RECORD', description: 'A call of a job ended: its result, intent and transcript' },
	{ name: 'Job Completed', value: 'ROBOT_CALL_JOB', description: 'A job finished dialing all its customers' },
	{ name: 'SMS Sent', value: 'ROBOT_CALL_SMS', description: 'The job sent a text message after a call' },
];

export class TanyiCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tanyi Callback Trigger',
		name: 'tanyiCallbackTrigger',
		icon: { light: 'file:tanyi.svg', dark: 'file:tanyi.dark.svg' },
		...callbackTriggerBasics({
			// encrypted mode: the URL check (GET ?msg_signature&timestamp&nonce&echostr)
			extraWebhooks: [{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'callback' }],
		}),
		subtitle: eventsSubtitle(TANYI_EVENT_OPTIONS),
		description: 'Starts the workflow when Tanyi (YiWise) posts a callback: finished call, job completed, SMS sent',
		defaults: { name: 'Tanyi Callback Trigger' },
		credentials: [
			{ name: 'tanyiCallbackApi', required: true, testedBy: 'tanyiCallbackApiTest' },
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
			eventsProperty({
				events: TANYI_EVENT_OPTIONS,
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
			deliveryOptionsProperty({
				defaultHours: TANYI_MAX_AGE_HOURS,
				description:
					'Callbacks dated earlier than this are refused with HTTP 401 and start no run (a replay). The date is the signed timestamp of an encrypted callback, else a call record’s end time (other plain events carry none). Tanyi retries for up to 24 hours, hence 25. 0: no check.',
			}),
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
				const auth = await readCallbackAuth(this, CALLBACK_CREDENTIAL);
				if (!auth) throw new NodeOperationError(this.getNode(), 'Choose a Tanyi Callback credential before registering the callback URL');
				try {
					await send(
						this,
						tanyi,
						{
							method: 'POST',
							path: '/isv/updateIsvInfo',
							body: { tenantSign: String(credentials.tenantSign ?? ''), callbackUrl: callbackUrlWithSecret(this, auth) },
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

	methods = { credentialTest: { tanyiCallbackApiTest: callbackCredentialTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const events = this.getNodeParameter('events', ['ROBOT_CALL_RECORD']) as string[];
		const settings = readDeliverySettings(this, events, TANYI_MAX_AGE_HOURS);
		const auth = await readCallbackAuth(this, CALLBACK_CREDENTIAL);
		if (!auth) return rejectUnauthorized(this, 'no callback credential is set on the trigger node');
		const encrypted = auth.mode === 'encrypted';
		const keys = { token: auth.token, encodingAesKey: auth.encodingAesKey };

		if (this.getWebhookName() === 'setup') {
			if (!encrypted) {
				const problem = secretProblem(this, secretCheckOf(auth));
				return problem ? rejectUnauthorized(this, problem) : respond(this, 200, 'success');
			}
			// URL verification: answer the decrypted echostr
			const echo = decryptSignedCallback(this, keys, decodeBase64Param(wecomQuery(this, 'echostr')) || undefined);
			if (!isDecrypted(echo)) return echo;
			const stale = staleness(settings, echo.signed);
			if (stale) return rejectUnauthorized(this, stale);
			// echostr is a random string; a captured event replayed as echostr would make us decrypt it for anyone
			if (isObject(tryParseJson(echo.message.trim()))) return rejectBadRequest(this, 'echostr holds an event, not a verification string');
			return respond(this, 200, echo.message);
		}

		const simplify = this.getNodeParameter('simplify', false) as boolean;
		const toEvent = (payload: IDataObject) =>
			typeof payload.dataType === 'string' ? tanyiCallbackEvent(payload, simplify) : undefined;
		const unreadable = 'expected a JSON object {dataType, data}';
		if (!encrypted) {
			return await receiveSecretCallback(this, {
				credentialType: CALLBACK_CREDENTIAL,
				auth,
				event: toEvent,
				unreadable,
				events,
				defaultMaxAgeHours: TANYI_MAX_AGE_HOURS,
			});
		}

		const plain = decryptSignedCallback(this, keys, extractEncrypt(await readBody(this)));
		if (!isDecrypted(plain)) return plain;
		const parsed = tryParseJson(plain.message);
		const event = isObject(parsed) ? toEvent(parsed) : undefined;
		if (!event) return rejectBadRequest(this, unreadable);
		return finishCallback(this, event, settings, plain.signed);
	}
}
