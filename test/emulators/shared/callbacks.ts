/** What every emulator's callback machinery shares: one POST to the receiver, bounded in time. */

/** one delivery attempt as the emulators record it */
export interface CallbackAttempt {
	at: number;
	/** HTTP status; 0 when the connection failed */
	status: number;
	body: string;
	error?: string;
}

/** POSTs `body` once (5 s at most); a connection failure gives status 0 and the error. */
export async function postOnce(
	url: string | URL,
	headers: Record<string, string>,
	body: string,
): Promise<{ status: number; body: string; error?: string }> {
	try {
		const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(5000) });
		return { status: res.status, body: await res.text() };
	} catch (error) {
		return { status: 0, body: '', error: (error as Error).message };
	}
}
