import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';

/**
 * Both managed-by annotations, as Backstage's provider template does: the
 * entity has no file behind it, so the location and the origin location are
 * the provider's own location ref.
 */
export function managedByAnnotations(location: string): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
  };
}
