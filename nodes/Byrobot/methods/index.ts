/** The Byrobot nodes' dropdown loaders. */
export { listSearch } from './listSearch';
export { loadOptions } from './loadOptions';
