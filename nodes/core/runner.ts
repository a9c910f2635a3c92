import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	addImportHints,
	emptyStats,
	importFailure,
	outcomeJson,
	readImportOptions,
	runImports,
	tally,
	type ImportItem,
} from './batching';
import { AdaptiveLimit, PAGES_IN_FLIGHT_DEFAULT, PAGES_IN_FLIGHT_MAX } from './concurrency';
import { ItemParams, RunParams, checkInteger, validatedNames } from './params';
import { downloadRecording, readRecordingRequest, type RecordingRequest } from './recording';
import { ValidationError, errorJson, toNodeError } from './errors';
import { send } from './transport';
import { collectPages, pagesOf } from './pagination';
import { Slicer } from './slicer';
import type { OperationSpec, RequestParts, ResourceSpec, VendorSpec } from './types';
import { isObject } from './util';

interface Plan {
	index: number;
	p: ItemParams;
	request?: RequestParts;
	recording?: RecordingRequest;
	entry?: IDataObject;
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
 * 1. every item's parameters are validated and turned into a request (or an import entry);
 *    if one is invalid and Continue On Fail is off, the run stops before any request;
 * 2. prechecks that need the vendor run;
 * 3. requests go out (imports through nodes/core/batching, or one per item with pagination);
 * 4. each input item gets its output items, paired, in input order.
 * Long loops yield to n8n's event loop (Slicer); parameters are read through RunParams, so
 * values without an expression and `{{ $json.field }}` cost no expression evaluation per item.
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
	const slicer = new Slicer(ctx.getExecutionCancelSignal?.());
	const run = new RunParams(ctx, validatedNames(spec.properties));
	const started = Date.now();

	const plans: Plan[] = [];
	for (let index = 0; index < items.length; index++) {
		const p = new ItemParams(ctx, index, run);
		const plan: Plan = { index, p };
		try {
			if (spec.imports) {
				const imports = spec.imports;
				plan.entry = imports.entry(p);
				// the same for every item unless a parameter they read has an expression
				p.once('import.job', (q) => imports.job(q));
				p.once('import.group', (q) => imports.group?.(q));
				p.once('import.size', (q) => imports.size(q));
				p.once('import.options', (q) => readImportOptions(q, { count: Boolean(imports.countOf), holds: Boolean(imports.holds), dedup: false }));
			} else if (spec.request) {
				plan.request = await spec.request(p);
			}
			if (spec.recording) plan.recording = readRecordingRequest(spec.recording, p);
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
		await slicer.tick();
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
		if (plan.error) outputs[plan.index].push(errorItem(plan.error, plan.index, Boolean(spec.imports)));
	}
	const valid = plans.filter((plan) => !plan.error);

	if (spec.imports) {
		await importItems(ctx, vendor, spec, valid, outputs, { continueOnFail, slicer, run, started, total: items.length });
		return [outputs.flat()];
	}

	for (const plan of valid) {
		try {
			let records: IDataObject[];
			if (spec.paginate) records = await fetchPages(ctx, vendor, spec, plan, slicer);
			else if (!plan.request) records = [{ ...plan.p.json }];
			else {
				const data = await send(ctx, vendor, plan.request, { retry: spec.retry });
				records = toObjects(spec.output ? spec.output(data, plan.p) : data);
			}
			slicer.resumed();
			const simplify = spec.simplify && plan.p.get<boolean>('simplify', false);
			const out: INodeExecutionData[] = [];
			for (const record of records) {
				const item: INodeExecutionData = { json: simplify ? spec.simplify!(record) : record, pairedItem: { item: plan.index } };
				if (spec.recording) {
					const file = await downloadRecording(ctx, vendor.displayName, spec.recording, record, plan.p, plan.recording!);
					item.binary = { [file.property]: file.data };
				}
				out.push(item);
				await slicer.tick();
			}
			outputs[plan.index].push(...out);
		} catch (error) {
			if (!continueOnFail) throw toNodeError(node, error, plan.index);
			outputs[plan.index].push(errorItem(error, plan.index));
		}
	}
	return [outputs.flat()];
}

function errorItem(error: unknown, index: number, isImport = false): INodeExecutionData {
	const json = errorJson(error) as IDataObject;
	return { json: isImport ? { status: 'invalid', ...json } : json, pairedItem: { item: index } };
}

async function fetchPages(
	ctx: IExecuteFunctions,
	vendor: VendorSpec,
	spec: OperationSpec,
	plan: Plan,
	slicer: Slicer,
): Promise<IDataObject[]> {
	const paging = spec.paginate!;
	const returnAll = plan.p.get<boolean>('returnAll', false);
	const want = returnAll ? Infinity : checkInteger(plan.p.get('limit', 50), 'Limit', 1);
	const pageSize = Math.min(want, paging.pageSize ? paging.pageSize(plan.p) : paging.maxPageSize);
	const parallel = returnAll
		? checkInteger(plan.p.get('parallelPages', PAGES_IN_FLIGHT_DEFAULT), 'Parallel Page Requests', 1, PAGES_IN_FLIGHT_MAX)
		: 1;
	const limit = new AdaptiveLimit(parallel);
	const source = pagesOf(ctx, vendor, { request: plan.request!, paging, pageSize, retry: spec.retry, limit });
	slicer.note();
	const { records } = await collectPages(source, {
		want,
		pageSize,
		totalPages: paging.totalPages,
		recordId: paging.recordId,
		limit,
		slicer,
	});
	slicer.resumed();
	return spec.output ? records.flatMap((r) => toObjects(spec.output!(r, plan.p))) : records;
}

async function importItems(
	ctx: IExecuteFunctions,
	vendor: VendorSpec,
	spec: OperationSpec,
	plans: Plan[],
	outputs: INodeExecutionData[][],
	o: { continueOnFail: boolean; slicer: Slicer; run: RunParams; started: number; total: number },
): Promise<void> {
	const stats = emptyStats();
	const items: ImportItem[] = plans.map((plan) => ({ index: plan.index, p: plan.p, entry: plan.entry! }));
	const outcomes = await runImports(ctx, vendor, spec.imports!, items, { continueOnFail: o.continueOnFail, slicer: o.slicer, stats });
	for (const plan of plans) {
		const outcome = outcomes.get(plan.index);
		if (outcome) outputs[plan.index].push({ json: outcomeJson(outcome), pairedItem: { item: plan.index } });
		await o.slicer.tick();
	}
	const t = tally(outcomes, o.total);
	// what a benchmark reads from n8n's log (N8N_LOG_LEVEL=debug)
	ctx.logger?.debug?.(`${vendor.displayName} import: ${o.total} items`, {
		imported: t.imported.length,
		skipped: t.skipped.length,
		duplicate: t.duplicate.length,
		refused: t.refused.length,
		unknown: t.unknown.length,
		notSent: t.notSent.length,
		...stats,
		expressionReads: o.run.evaluated,
		longestSliceMs: o.slicer.longest,
		yields: o.slicer.yields,
		durationMs: Date.now() - o.started,
	});
	const failed = t.refused.length + t.unknown.length + t.notSent.length;
	if (failed > 0 && !o.continueOnFail) throw importFailure(ctx.getNode(), t, outcomes, o.total);
	addImportHints(ctx, t, o.total);
}
