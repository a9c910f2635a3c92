import type { ItemParams } from '../core/params';

/** `/v1/task/…/{id}` with the id made safe for a path */
export function taskPath(prefix: string, p: ItemParams): string {
	return `${prefix}/${encodeURIComponent(taskId(p))}`;
}

export function taskId(p: ItemParams): string {
	return p.locator('jobId', 'Job');
}
