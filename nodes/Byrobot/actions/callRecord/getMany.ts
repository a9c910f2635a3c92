import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { compact } from '../../../core/validation';
import { byrobotPages, CALL_RECORD_PAGE_MAX, INTENT_RESULT_NAME, V1 } from '../../api';
import { companyField, pageSizeProperty, taskLocator } from '../../descriptions';
import { pageSizeOption, taskIdOf } from '../../params';
import { enrichCallListRecord, normalizeByrobotCall } from '../../normalize';
import { FINISH_STATUS_OPTIONS } from '../../options';
import { collectionField } from '../../../core/builders/fields';

/** a Left ≤ Right range of two optional whole numbers (seed 002 durationLeft/Right, chatRoundLeft/Right) */
function range(f: IDataObject, left: string, right: string, labels: [string, string]): IDataObject {
	const l = f[left] === undefined ? undefined : checkInteger(f[left], labels[0], 0);
	const r = f[right] === undefined ? undefined : checkInteger(f[right], labels[1], 0);
	if (l !== undefined && r !== undefined && l > r) {
		throw new ValidationError(labels[0], `must not exceed ${labels[1]} (${l} > ${r})`);
	}
	return { [left]: l, [right]: r };
}

function doneQuery(p: ItemParams): IDataObject {
	const f = p.collection('filters');
	const results = ((f.results as IDataObject | undefined)?.result as IDataObject[] | undefined) ?? [];
	const resultQueryList = results.map((row, i) => {
		const name = String(row.name ?? '').trim();
		const value = String(row.value ?? '').trim();
		if (!name || !value) throw new ValidationError('Analysis Results', `row ${i + 1} needs a name and a value`);
		return { name, value };
	});
	pageSizeOption(p, CALL_RECORD_PAGE_MAX);
	return compact({
		callJobId: taskIdOf(p),
		...range(f, 'durationLeft', 'durationRight', ['Min Duration (Seconds)', 'Max Duration (Seconds)']),
		...range(f, 'chatRoundLeft', 'chatRoundRight', ['Min Rounds', 'Max Rounds']),
		finishStatus: f.finishStatus === undefined ? undefined : checkInteger(f.finishStatus, 'Finish Status', 0),
		index: checkInteger(p.get('afterIndex', -1), 'Only Records After Index', -1),
		resultQueryList,
	});
}

/** POST /task/queryDoneTaskPhones (seed 002) */
export const getManyCallRecords: OperationSpec = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many call records',
	description: 'Finished calls of a task with their analysis results',
	properties: [
		companyField('picker'),
		taskLocator(),
		{
			displayName: 'Only Records After Index',
			name: 'afterIndex',
			type: 'number',
			typeOptions: { minValue: -1 },
			default: -1,
			description:
				'Incremental mode: only calls whose callIndex (the order in which the task’s calls ended) is greater than this. Pass the largest callIndex already fetched; -1 returns all. The vendor lists the newest first, so use Return All when you store the cursor.',
		},
		collectionField('filters', [
			{
				displayName: 'Analysis Results',
				name: 'results',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					'Only calls with these analysis results (resultQueryList): a result name and its value exactly as Byrobot prints them, e.g. the intent level result and the text Byrobot shows for level A',
				options: [
					{
						displayName: 'Result',
						name: 'result',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: INTENT_RESULT_NAME, description: 'The analysis result, by the name Byrobot gives it (default: the intent level result)' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'The value exactly as Byrobot prints it (for the intent level: the level letter followed by Byrobot\'s wording)' },
						],
					},
				],
			},
			{ displayName: 'Finish Status', name: 'finishStatus', type: 'options', options: FINISH_STATUS_OPTIONS, default: 0 },
			{ displayName: 'Max Duration (Seconds)', name: 'durationRight', type: 'number', typeOptions: { minValue: 0 }, default: 100 },
			{ displayName: 'Max Rounds', name: 'chatRoundRight', type: 'number', typeOptions: { minValue: 0 }, default: 10, description: 'Most conversation rounds' },
			{ displayName: 'Min Duration (Seconds)', name: 'durationLeft', type: 'number', typeOptions: { minValue: 0 }, default: 0 },
			{ displayName: 'Min Rounds', name: 'chatRoundLeft', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Fewest conversation rounds' },
		]),
		collectionField('options', [pageSizeProperty(CALL_RECORD_PAGE_MAX)]),
	],
	retry: 'idempotent',
	paginate: byrobotPages('body', CALL_RECORD_PAGE_MAX, 'callInstanceId'),
	simplify: normalizeByrobotCall,
	request: (p) => ({ method: 'POST', path: `${V1}/task/queryDoneTaskPhones`, body: doneQuery(p) }),
	output: (record, p) =>
		p.get<boolean>('simplify', false) ? (record as IDataObject) : enrichCallListRecord(record as IDataObject),
};
