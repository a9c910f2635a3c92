import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ValidationError, VendorError } from './errors';
import type { ItemParams } from './params';
import type { RecordingSpec } from './types';

/**
 * Download Recording: the vendors give a call's recording only as a link that expires (OSS-style
 * pre-signed URLs). The vendor file declares where the call id and the link come from
 * (`RecordingSpec`); this module reads the shared parameters, downloads the file through n8n's
 * request helper and turns it into n8n binary data. The file host gets a plain GET: the link
 * carries its own signature, the vendor's credential is never sent there.
 */

/** a slow file host must not hang the execution forever (n8n's helper has no default timeout) */
const DOWNLOAD_TIMEOUT_MS = 120_000;

const MIME_BY_EXTENSION: Record<string, string> = {
	wav: 'audio/wav',
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	ogg: 'audio/ogg',
	amr: 'audio/amr',
	pcm: 'audio/L16',
};
const EXTENSION_BY_MIME: Record<string, string> = {
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/ogg': 'ogg',
	'audio/amr': 'amr',
};

/** The names every vendor's Download Recording operation shares (Call Record resource) */
export const DOWNLOAD_RECORDING = {
	value: 'downloadRecording',
	name: 'Download Recording',
	action: 'Download a call recording',
	description: 'The recording of one call as a binary file',
} as const;

/** The parameters every Download Recording operation shows after its own (the call id, a track). */
export function recordingProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the recording in',
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. call-12345.wav',
			description: 'Leave empty for the vendor, the call ID and the extension the file host gives, e.g. tanyi-12345.wav',
		},
	];
}

/** Which side of the call: the vendor's field names go into the option descriptions */
export function trackField(fullField: string, customerField: string): INodeProperties {
	return {
		displayName: 'Track',
		name: 'track',
		type: 'options',
		options: [
			{ name: 'Full Call', value: 'full', description: `Robot and customer (${fullField})` },
			{ name: 'Customer Only', value: 'customer', description: `Only the customer's side (${customerField})` },
		],
		default: 'full',
	};
}

/** whether the item asks for the customer's track (see trackField) */
export const customerTrack = (p: ItemParams): boolean => p.get<string>('track', 'full') === 'customer';

export interface RecordingRequest {
	callId: string;
	binaryProperty: string;
	fileName?: string;
}

/** Reads and validates the shared parameters of one item (before any request). */
export function readRecordingRequest(spec: RecordingSpec, p: ItemParams): RecordingRequest {
	const callId = spec.callId(p);
	const binaryProperty = p.string('binaryPropertyName', 'Put Output File in Field');
	if (/\s/.test(binaryProperty)) {
		throw new ValidationError('Put Output File in Field', `must be a field name without spaces (got "${binaryProperty}")`);
	}
	const fileName = p.optionalString('fileName', 'File Name');
	if (fileName && /[/\\]/.test(fileName)) throw new ValidationError('File Name', `must not contain a path separator (got "${fileName}")`);
	return { callId, binaryProperty, fileName };
}

/** host only: the path and the query of a signed link may carry the signature or a phone number */
function hostOf(url: URL): string {
	return url.host;
}

function extensionOfPath(url: URL): string | undefined {
	const match = /\.([A-Za-z0-9]{2,4})$/.exec(url.pathname);
	return match ? match[1].toLowerCase() : undefined;
}

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? String(value[0]) : value === undefined || value === null ? undefined : String(value);
}

/** the file's MIME type and extension: the host's Content-Type when it names audio, else the link's extension */
export function recordingFileType(contentType: string | undefined, url: URL): { mimeType: string; extension: string } {
	const mime = contentType?.split(';')[0].trim().toLowerCase();
	const fromPath = extensionOfPath(url);
	if (mime && EXTENSION_BY_MIME[mime]) return { mimeType: mime, extension: EXTENSION_BY_MIME[mime] };
	if (fromPath && MIME_BY_EXTENSION[fromPath]) return { mimeType: MIME_BY_EXTENSION[fromPath], extension: fromPath };
	if (mime && mime.startsWith('audio/')) return { mimeType: mime, extension: fromPath ?? 'audio' };
	return { mimeType: mime && mime !== 'application/octet-stream' ? mime : 'application/octet-stream', extension: fromPath ?? 'bin' };
}

/**
 * Downloads the recording of one record. Throws a VendorError naming the call when the record has
 * no recording, the link is not http(s), or the file host refuses (with its HTTP status).
 */
export async function downloadRecording(
	ctx: IExecuteFunctions,
	vendorName: string,
	spec: RecordingSpec,
	record: IDataObject,
	p: ItemParams,
	request: RecordingRequest,
): Promise<{ property: string; data: IBinaryData }> {
	const fail = (message: string, httpStatus?: number) => {
		const error = new VendorError(message, { httpStatus, outcome: 'failed' });
		error.vendor = vendorName;
		error.endpoint = 'recording file';
		return error;
	};
	const raw = spec.url(record, p);
	if (raw === undefined || raw === null || raw === '') {
		throw fail(`call ${request.callId} has no recording (${spec.missing})`);
	}
	let url: URL;
	try {
		url = new URL(String(raw));
	} catch {
		throw fail(`call ${request.callId}: the recording link is not a URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`call ${request.callId}: the recording link is not an http(s) URL`);

	let response: { body: unknown; headers: IDataObject; statusCode: number };
	try {
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url: url.toString(),
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
			abortSignal: ctx.getExecutionCancelSignal?.(),
		})) as { body: unknown; headers: IDataObject; statusCode: number };
	} catch (error) {
		// the transport's own message (timeout, reset, refused) names no URL
		const reason = (error as { code?: string }).code ?? (error as Error).message;
		throw fail(`call ${request.callId}: the recording could not be downloaded from ${hostOf(url)} (${reason})`);
	}
	const status = response.statusCode;
	if (status < 200 || status >= 300) {
		const hint =
			status === 403
				? spec.refetches
					? ': the link was refused (expired or not signed); run the node again for a fresh link'
					: ': the link has expired or was refused; the vendor hands out links that expire, download soon after the call ends'
				: status === 404
					? ': the file does not exist (any more)'
					: '';
		throw fail(`call ${request.callId}: the recording file host ${hostOf(url)} answered HTTP ${status}${hint}`, status);
	}
	const body = response.body;
	const buffer = Buffer.isBuffer(body) ? body : body instanceof ArrayBuffer ? Buffer.from(body) : Buffer.from(String(body ?? ''));
	if (buffer.length === 0) throw fail(`call ${request.callId}: the recording file host ${hostOf(url)} sent an empty file`, status);
	const contentType = header(response.headers, 'content-type');
	const declared = contentType?.split(';')[0].trim().toLowerCase() ?? '';
	if (declared.startsWith('text/') || /^application\/(json|xml|xhtml\+xml)$/.test(declared)) {
		// e.g. a login or error page answered with 200: not a recording
		throw fail(`call ${request.callId}: the recording file host ${hostOf(url)} sent ${declared}, not an audio file`, status);
	}
	const { mimeType, extension } = recordingFileType(contentType, url);
	const fileName = request.fileName ?? `${spec.filePrefix}-${request.callId.replace(/[^\w.-]/g, '_')}.${extension}`;
	const data = await ctx.helpers.prepareBinaryData(buffer, fileName, mimeType);
	return { property: request.binaryProperty, data };
}
