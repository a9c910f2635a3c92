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
 * How long one delivery attempt waits for the receiver's answer before it counts as failed and
 * the vendor retries. **[inferred]**: no vendor documents its callback timeout; 5 s is a common
 * platform default. Each emulator takes `callbackTimeoutMs` to change it.
 */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5000;

/** POSTs `body` once (`timeoutMs` at most); a connection failure or timeout gives status 0 and the error. */
export async function postOnce(
	url: string | URL,
	headers: Record<string, string>,
	body: string,
	timeoutMs: number = DEFAULT_CALLBACK_TIMEOUT_MS,
): Promise<{ status: number; body: string; error?: string }> {
	try {
		const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
		return { status: res.status, body: await res.text() };
	} catch (error) {
		return { status: 0, body: '', error: (error as Error).message };
	}
}
