import { useRouteRef } from '@backstage/frontend-plugin-api';
import { createFromTemplateRouteRef } from './routes';
import { formDataQuery, MeshTemplateName, TemplateFormData } from './templates';

/** Resolves `createFromTemplateRouteRef`, or undefined where it cannot be (legacy app, no scaffolder). */
function useOptionalTemplateRoute() {
  try {
    return useRouteRef(createFromTemplateRouteRef);
  } catch {
    return undefined;
  }
}

/**
 * A function giving the link to one of Meshfleet's templates with its form
 * filled in, or undefined when the app has no scaffolder page.
 */
export function useTemplateLink(): (template: MeshTemplateName, formData?: TemplateFormData) => string | undefined {
  const route = useOptionalTemplateRoute();
  return (template, formData) => {
    const path = route?.({ namespace: 'default', templateName: template });
    return path ? `${path}${formDataQuery(formData)}` : undefined;
  };
}
