/** The Autodialer's enums (VENDORS.md §3) as dropdown options. */

/** Number / call status (VENDORS.md §3); 0 (waiting) never ends a call */
export const CALL_STATUS_OPTIONS = [
	['1', 'Answered (1)'],
	['2', 'Line Fault (2)'],
	['3', 'Refused (3)'],
	['4', 'No Answer (4)'],
	['5', 'Vacant Number (5)'],
	['6', 'Powered Off (6)'],
	['7', 'Out of Service (7)'],
	['8', 'Busy (8)'],
	['9', 'Inbound Restricted (9)'],
	['10', 'Arrears (10)'],
	['11', 'Blacklisted (11)'],
	['12', 'Call Loss (12)'],
]
	.map(([value, name]) => ({ name, value }))
	.sort((a, b) => a.name.localeCompare(b.name));
