import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ItemParams, checkInteger } from './params';
import { ValidationError, VendorError, errorJson, toNodeError } from './errors';
import { send } from './transport';
import { pagesOf, walkPages } from './pagination';
import type { OperationSpec, RequestParts, ResourceSpec, VendorSpec } from './types';
import { isObject } from './util';

interface Plan {
	index: number;
	p: ItemParams;
	request?: RequestParts;
	entry?: IDataObject;
	group?: string;
	size?: number;
	error?: unknown;
}

export function findOperation(resources: ResourceSpec[], resource: string, operation: string): OperationSpec {
	const spec = resources.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
	if (!spec) throw new Error(`Unknown operation "${operation}" for resource "${resource}"`);
	return spec;
}

function toObjects(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data.map((d) => (isObject(d) ? d : { value: d }));
	if (isObject(data)) return [data];
	return [data === null || data === undefined ? { success: true } : { value: data as IDataObject[string] }];
}

/**
 * Executes any operation of any vendor for all input items:
 * 1. every item's parameters are validated and turned into a request (or a batch entry);
 *    if one is invalid and Continue On Fail is off, the run stops before any request;
 * 2. prechecks that need the vendor run;
 * 3. requests go out (batched across items, or one per item with pagination);
 * 4. each input item gets its output items, paired, in input order.
 */
export async function runOperation(
	ctx: IExecuteFunctions,
	vendor: VendorSpec,
	resources: ResourceSpec[],
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const spec = findOperation(resources, resource, operation);
	const continueOnFail = ctx.continueOnFail();
	const node = ctx.getNode();

	const plans: Plan[] = [];
	for (let index = 0; index < items.length; index++) {
		const p = new ItemParams(ctx, index);
		const plan: Plan = { index, p };
		try {
			if (spec.batch) {
				plan.entry = spec.batch.entry(p);
				plan.group = spec.batch.groupKey(p);
				plan.size = spec.batch.size(p);
			} else if (spec.request) {
				plan.request = await spec.request(p);
			}
			if (spec.paginate && !p.get<boolean>('returnAll', false)) {
				checkInteger(p.get('limit', 50), 'Limit', 1);
			}
		} catch (error) {
			plan.error = error;
		}
		if (plan.error && !(plan.error instanceof ValidationError) && !(plan.error instanceof NodeOperationError)) {
			throw toNodeError(node, plan.error, index);
		}
		plans.push(plan);
	}

	const invalid = plans.find((plan) => plan.error);
	if (invalid && !continueOnFail) throw toNodeError(node, invalid.error, invalid.index);

	if (spec.precheck) {
		for (const plan of plans) {
			if (plan.error) continue;
			try {
				await spec.precheck(plan.p);
			} catch (error) {
				if (!continueOnFail) throw toNodeError(node, error, plan.index);
				plan.error = error;
			}
		}
	}

	const outputs: INodeExecutionData[][] = items.map(() => []);
	for (const plan of plans) {
		if (plan.error) outputs[plan.index].push(errorItem(plan.error, plan.index));
	}
	const valid = plans.filter((plan) => !plan.error);

	if (spec.batch) {
		await runBatches(ctx, vendor, spec, valid, outputs, continueOnFail);
	} else {
		for (const plan of valid) {
			try {
				const records = spec.paginate
					? await fetchPages(ctx, vendor, spec, plan)
					: toObjects(
							spec.output
								? spec.output(await send(ctx, vendor, plan.request!, { retry: spec.retry }), plan.p)
								: await send(ctx, vendor, plan.request!, { retry: spec.retry }),
						);
				const simplify = spec.simplify && plan.p.get<boolean>('simplify', false);
				for (const record of records) {
					outputs[plan.index].push({
						json: simplify ? spec.simplify!(record) : record,
						pairedItem: { item: plan.index },
					});
				}
			} catch (error) {
				if (!continueOnFail) throw toNodeError(node, error, plan.index);
				outputs[plan.index].push(errorItem(error, plan.index));
			}
		}
	}
	return [outputs.flat()];
}

function errorItem(error: unknown, index: number): INodeExecutionData {
	return { json: errorJson(error) as IDataObject, pairedItem: { item: index } };
}

async function fetchPages(
	ctx: IExecuteFunctions,
	vendor: VendorSpec,
	spec: OperationSpec,
	plan: Plan,
): Promise<IDataObject[]> {
	const paging = spec.paginate!;
	const returnAll = plan.p.get<boolean>('returnAll', false);
	const limit = returnAll ? Infinity : checkInteger(plan.p.get('limit', 50), 'Limit', 1);
	const pageSize = Math.min(limit, paging.pageSize ? paging.pageSize(plan.p) : paging.maxPageSize);
	const collected: IDataObject[] = [];
	for await (const { records } of walkPages(
		pagesOf(ctx, vendor, { request: plan.request!, paging, pageSize, retry: spec.retry }),
	)) {
		collected.push(...records.slice(0, limit - collected.length));
		if (collected.length >= limit) break;
	}
	return spec.output ? collected.flatMap((r) => toObjects(spec.output!(r, plan.p))) : collected;
}

async function runBatches(
	ctx: IExecuteFunctions,
	vendor: VendorSpec,
	spec: OperationSpec,
	plans: Plan[],
	outputs: INodeExecutionData[][],
	continueOnFail: boolean,
): Promise<void> {
	const batch = spec.batch!;
	const groups = new Map<string, Plan[]>();
	for (const plan of plans) {
		const list = groups.get(plan.group!) ?? [];
		list.push(plan);
		groups.set(plan.group!, list);
	}
	const chunks: Plan[][] = [];
	for (const list of groups.values()) {
		const size = Math.max(1, list[0].size ?? 1);
		for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	}

	let done = 0;
	for (let chunkIndex = 0; chunkIndex < chunks.length; chunkIndex++) {
		const chunk = chunks[chunkIndex];
		const first = chunk[0].p;
		const entries = chunk.map((plan) => plan.entry!);
		try {
			const data = await send(ctx, vendor, batch.request(first, entries, chunkIndex), {
				retry: batch.retry ? batch.retry(first) : spec.retry,
			});
			const results = batch.results(data, entries, first);
			chunk.forEach((plan, k) => {
				outputs[plan.index].push({ json: results[k], pairedItem: { item: plan.index } });
			});
			done += chunk.length;
		} catch (error) {
			if (continueOnFail) {
				for (const plan of chunk) {
					outputs[plan.index].push({
						json: { ...plan.entry, ...errorJson(error) } as IDataObject,
						pairedItem: { item: plan.index },
					});
				}
				continue;
			}
			const rest = chunks.slice(chunkIndex + 1).reduce((n, c) => n + c.length, 0);
			const nodeError = toNodeError(ctx.getNode(), error, chunk[0].index);
			const outcome = error instanceof VendorError ? error.outcome : 'failed';
			const summary =
				`Items ${chunk[0].index + 1}–${chunk[chunk.length - 1].index + 1} ` +
				(outcome === 'unknown' ? 'may or may not have been accepted' : 'were not accepted') +
				`; ${done} item(s) in earlier requests were accepted; ${rest} later item(s) were not sent. ` +
				'Turn on "Continue On Fail" (Settings → On Error) to get one result per item.';
			(nodeError as { description?: string | null }).description =
				[(nodeError as { description?: string | null }).description, summary].filter(Boolean).join('. ');
			throw nodeError;
		}
	}
}
