export { runImports, emptyStats, WINDOW, type ImportItem, type ImportStats, type ImportStatus, type ItemOutcome } from './importer';
export { importOptionProperties, readImportOptions, type ImportCapabilities } from './options';
export { addImportHints, importFailure, outcomeJson, tally } from './report';
export { MAX_ENTRIES } from './ledger';
