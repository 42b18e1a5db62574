export { EntityGrafanaContent } from './EntityGrafanaContent';
