/** What an import tells the user: one output item per input item, a summary, hints. */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { VendorError, errorJson, toNodeError } from '../errors';
import type { ImportStatus, ItemOutcome } from './importer';

/** the JSON of one item's outcome */
export function outcomeJson(outcome: ItemOutcome): IDataObject {
	const json: IDataObject = { ...outcome.fields, ...outcome.entry, status: outcome.status, ...outcome.detail };
	if (outcome.error !== undefined) {
		const vendor = errorJson(outcome.error);
		delete vendor.outcome;
		if (outcome.status === 'refused' || json.error === undefined) Object.assign(json, vendor);
		else json.cause = vendor.error as string;
		if (json.code === undefined && vendor.code !== undefined) json.code = vendor.code as IDataObject[string];
		if (json.requestId === undefined && vendor.requestId !== undefined) json.requestId = vendor.requestId as IDataObject[string];
	}
	return json;
}

/** 1-based item numbers as ranges: `1–3, 7` */
function ranges(indexes: number[]): string {
	const parts: string[] = [];
	for (let i = 0; i < indexes.length; ) {
		let j = i;
		while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
		parts.push(i === j ? `${indexes[i] + 1}` : `${indexes[i] + 1}–${indexes[j] + 1}`);
		i = j + 1;
	}
	return parts.length > 6 ? `${parts.slice(0, 6).join(', ')} …` : parts.join(', ');
}

export type Tally = Record<ImportStatus, number[]>;

/** outcomes by status, in item order; `total` (indexes are 0…total-1) spares sorting 100,000 entries */
export function tally(outcomes: Map<number, ItemOutcome>, total?: number): Tally {
	const t: Tally = { imported: [], skipped: [], duplicate: [], refused: [], unknown: [], notSent: [] };
	if (total === undefined) {
		for (const [index, outcome] of [...outcomes].sort((a, b) => a[0] - b[0])) t[outcome.status].push(index);
		return t;
	}
	for (let index = 0; index < total; index++) {
		const outcome = outcomes.get(index);
		if (outcome) t[outcome.status].push(index);
	}
	return t;
}

export function summary(t: Tally, outcomes: Map<number, ItemOutcome>, total: number): string {
	const parts = [
		`${t.imported.length} imported`,
		`${t.skipped.length} already in the job (not sent again)`,
		`${t.duplicate.length} repeated in the input`,
		`${t.refused.length} refused`,
		`${t.unknown.length} with an unknown outcome`,
		`${t.notSent.length} not sent`,
	];
	const lines = [`Of ${total} item(s): ${parts.join(', ')}.`];
	if (t.unknown.length > 0) {
		const first = outcomes.get(t.unknown[0])!;
		lines.push(`Items ${ranges(t.unknown)} may or may not have been accepted. ${String(first.detail.whatToDo ?? '')}`.trim());
	}
	if (t.refused.length > 0) {
		const first = outcomes.get(t.refused[0])!;
		const reason = first.error instanceof Error ? `: ${first.error.message}` : '';
		lines.push(`Items ${ranges(t.refused)} were not accepted by the vendor${reason}.`);
	}
	if (t.notSent.length > 0) {
		const first = outcomes.get(t.notSent[0])!;
		lines.push(`Items ${ranges(t.notSent)} were not sent. ${String(first.detail.reason ?? '')}`.trim());
	}
	lines.push(
		'The numbers accepted are remembered: running again (or retrying the execution) sends only what is missing. ' +
			'Turn on "Continue On Fail" (Settings → On Error) to get one result per item.',
	);
	return lines.join(' ');
}

/** the error a run with refused, unknown or unsent items fails with (Continue On Fail off) */
export function importFailure(node: INode, t: Tally, outcomes: Map<number, ItemOutcome>, total: number): Error {
	const index = Math.min(...[...t.unknown, ...t.refused, ...t.notSent]);
	const outcome = outcomes.get(index)!;
	const text = summary(t, outcomes, total);
	const error =
		outcome.error instanceof VendorError
			? toNodeError(node, outcome.error, index)
			: new NodeOperationError(node, String(outcome.detail.reason ?? outcome.detail.error ?? 'The import did not complete'), { itemIndex: index });
	const described = error as { description?: string | null };
	described.description = [described.description, text].filter(Boolean).join('. ');
	return error;
}

/** the hint a run that skipped or held back items shows over its output */
export function addImportHints(ctx: IExecuteFunctions, t: Tally, total: number): void {
	const notes: string[] = [];
	if (t.skipped.length > 0) notes.push(`${t.skipped.length} of ${total} number(s) were already in their job and were not sent again`);
	if (t.duplicate.length > 0) notes.push(`${t.duplicate.length} item(s) repeated a number of the same input and job and were sent once`);
	const failed = t.refused.length + t.unknown.length + t.notSent.length;
	if (failed > 0) notes.push(`${failed} item(s) were not imported (status refused, unknown or notSent)`);
	if (notes.length === 0 || typeof ctx.addExecutionHints !== 'function') return;
	ctx.addExecutionHints({ message: `${notes.join('; ')}. See each item's "status".`, type: failed > 0 ? 'danger' : 'warning', location: 'outputPane' });
}
