import { createExternalRouteRef } from '@backstage/frontend-plugin-api';

/**
 * A template's page in the scaffolder (`/create/templates/:namespace/:templateName`),
 * bound by default to the scaffolder plugin's `selectedTemplate` route.
 */
export const createFromTemplateRouteRef = createExternalRouteRef({
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
