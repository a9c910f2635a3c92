import type { ItemParams } from '../core/params';

/** the job of the Job picker, as the vendor's body names it */
export const jobIdOf = (p: ItemParams): { robotCallJobId: number } => ({ robotCallJobId: Number(p.locator('jobId', 'Job')) });
