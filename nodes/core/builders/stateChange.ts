import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { ItemParams } from '../params';
import type { OperationSpec, RequestParts } from '../types';

export interface StateChangeOptions {
	value: string;
	name: string;
	action: string;
	description: string;
	/** the pickers of what changes state (the job locator, a company) */
	properties: INodeProperties[];
	/** what identifies the target, e.g. `{robotCallJobId: 139}`; it is repeated in the output */
	target(p: ItemParams): IDataObject;
	/**
	 * the request: method and path with `target(p)` as the JSON body, or a function when the
	 * target travels another way (in the path)
	 */
	request: Pick<RequestParts, 'method' | 'path'> | ((p: ItemParams) => RequestParts);
	/**
	 * the output item; default `{success: true, ...target(p)}`, for Delete `{deleted: true, ...}`
	 * (n8n's convention; the vendors answer no entity)
	 */
	output?(data: unknown, p: ItemParams): IDataObject;
}

/**
 * Start, pause, stop, delete: one request that leaves the target in the same state however often
 * it is sent, so it is retried after an unknown outcome (`idempotent`).
 */
export function stateChangeOperation(o: StateChangeOptions): OperationSpec {
	const { request, target } = o;
	return {
		value: o.value,
		name: o.name,
		action: o.action,
		description: o.description,
		properties: o.properties,
		retry: 'idempotent',
		request: typeof request === 'function' ? request : (p) => ({ ...request, body: target(p) }),
		output: o.output ?? ((_data, p) => ({ [o.value === 'delete' ? 'deleted' : 'success']: true, ...target(p) })),
	};
}
