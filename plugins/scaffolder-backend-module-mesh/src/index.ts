/**
 * Scaffolder module of Meshfleet: mesh lifecycle actions and templates.
 *
 * @packageDocumentation
 */

export { scaffolderModuleMesh as default } from './module';
