/** The Autodialer node's dropdown loaders. */
export { listSearch } from './listSearch';
export { loadOptions } from './loadOptions';
