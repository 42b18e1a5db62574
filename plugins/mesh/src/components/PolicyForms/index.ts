export { PolicyFormDialog } from './PolicyFormDialog';
export type { PolicyFormDialogProps } from './PolicyFormDialog';
export { POLICY_FORMS, policyFormById } from './forms';
export type { PolicyFormDefinition, PolicyFormField } from './forms';
export { matchHost, matchHosts, qualifyHost } from './builders/hosts';
export type { HostMatch } from './builders/hosts';
export { ROOT_NAMESPACE } from './builders/mtls';
export type {
  BuildContext,
  PolicyObject,
  ServiceTarget,
} from './builders/types';
