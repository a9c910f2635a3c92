/** Safety stop for a vendor that never says "last page": the one cap of every page loop. */
export const MAX_PAGES = 10_000;
