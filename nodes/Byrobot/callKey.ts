import type { IDataObject } from 'n8n-workflow';
import { cstToIso } from '../core/callRecord';

/**
 * The `dedupKey` of a Byrobot call result, the same whether it comes from queryDoneTaskPhones (a
 * flat record) or from a callback (`sceneInstance`). `callInstanceId` is "每个被叫电话为一个实例"
 * (seed 002), so a redial keeps it; the call's end time tells the attempts apart. Inbound calls
 * carry `inboundInstanceId` instead (IS `CallBack.md` 呼入回调接口).
 */
export function byrobotCallKey(instance: IDataObject): string | undefined {
	const outbound = present(instance.callInstanceId);
	const id = outbound ?? present(instance.inboundInstanceId);
	if (id === undefined) return undefined;
	const attempt = cstToIso(instance.endTime) ?? (present(instance.callIndex) !== undefined ? `i${String(instance.callIndex)}` : `r${String(instance.secondaryCallTimes ?? 0)}`);
	return `byrobot:${outbound === undefined ? 'inbound' : 'call'}:${id}:${attempt}`;
}

function present(value: unknown): string | undefined {
	return value === undefined || value === null || value === '' ? undefined : String(value);
}
