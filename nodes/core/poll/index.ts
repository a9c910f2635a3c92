/**
 * The "New Call Record" polling triggers, split by concern:
 * - engine.ts: one poll (watched jobs, static data, manual "Fetch Test Event");
 * - indexCursor.ts / timeCursor.ts: the two cursor kinds, each with its proof;
 * - properties.ts: the trigger parameters and how they are read;
 * - helpers.ts: filters, ordering, the poll budget, vendor time parsing;
 * - types.ts: what a vendor declares (CallRecordSource) and the stored cursor.
 */
export { CURSOR_KEY, DISCOVERY_MARGIN_MS, STOPPED_JOB_GRACE_MS, pollCallRecords } from './engine';
export { cstEpoch } from './helpers';
export { callRecordTriggerProperties, readPollSettings, type TriggerPropertyOptions } from './properties';
export type { CallRecordSource, CursorState, JobCursor, PollSettings } from './types';
