/** The Tanyi node's dropdown loaders. */
export { listSearch } from './listSearch';
export { loadOptions } from './loadOptions';
