import pkg from '../../package.json';
import type { MethodStamp } from './types';

/**
 * The method and software that made a figure, stamped on every results JSON, comparison,
 * summary export, CSV and codebook, so a cited figure can be tied to the method that made it.
 * Bump METHOD_VERSION with every change to a formula in docs/linkage-method.md (its change log).
 */
export const METHOD_VERSION = 2;
export const SOFTWARE_VERSION: string = pkg.version;

export const METHOD: MethodStamp = {
  name: 'Waymark linkage-test method',
  version: METHOD_VERSION,
  document: 'docs/linkage-method.md',
  software: `waymark ${SOFTWARE_VERSION}`,
};
