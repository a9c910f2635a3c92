import type { ItemParams } from '../core/params';

/** the job of the Job picker, as the vendor's body names it (a Long: "abc" is refused, never sent as null) */
export const jobIdOf = (p: ItemParams): { robotCallJobId: number } => ({ robotCallJobId: p.numericLocator('jobId', 'Job') });
