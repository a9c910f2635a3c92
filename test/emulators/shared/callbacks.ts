/** What every emulator's callback machinery shares: one POST to the receiver, bounded in time. */

/** one delivery attempt as the emulators record it */
export interface CallbackAttempt {
	at: number;
	/** HTTP status; 0 when the connection failed */
	status: number;
	body: string;
	error?: string;
}

/**
 * How long an emulator waits for the receiver's answer before it counts the attempt as failed
 * and retries. No vendor documents its timeout (inferred: 5 s). A run on a heavily loaded machine
 * (the queue-mode e2e suite: six n8n processes, PostgreSQL and Redis on two cores) raises it so
 * that a slow answer is not taken for a lost one.
 */
let answerTimeoutMs = 5000;

/** Sets the answer timeout of every emulator in this process; returns the previous value. */
export function setCallbackAnswerTimeoutMs(ms: number): number {
	if (!Number.isInteger(ms) || ms < 1 || ms > 600_000) throw new Error(`answer timeout must be 1..600000 ms, got ${ms}`);
	const previous = answerTimeoutMs;
	answerTimeoutMs = ms;
	return previous;
}

/** POSTs `body` once (the answer timeout at most); a connection failure gives status 0 and the error. */
export async function postOnce(
	url: string | URL,
	headers: Record<string, string>,
	body: string,
): Promise<{ status: number; body: string; error?: string }> {
	try {
		const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(answerTimeoutMs) });
		return { status: res.status, body: await res.text() };
	} catch (error) {
		return { status: 0, body: '', error: (error as Error).message };
	}
}
