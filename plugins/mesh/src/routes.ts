import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The Meshes page, the plugin's root. */
export const rootRouteRef = createRouteRef();
