/**
 * Backend library of Meshfleet: the extension points through which backend
 * modules change how istiod is installed and where clusters come from.
 *
 * @packageDocumentation
 */

export * from './installer';
export * from './clusters';
