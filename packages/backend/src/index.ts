/*
 * The Meshfleet backend: Backstage's core plugins plus Meshfleet's mesh backend,
 * catalog module and scaffolder module.
 */

import { createBackend } from '@backstage/backend-defaults';
import { meshfleetLocalPolicyModule } from './permissions/module';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: the guest provider is for local use; configure a real provider in production
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@meshfleet/plugin-catalog-backend-module-mesh'));

// scaffolder
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-notifications'));
backend.add(import('@meshfleet/plugin-scaffolder-backend-module-mesh'));

// permissions: Meshfleet's local policy (guest and group:default/admins may do
// everything, others change only the meshes they own; see README "Permissions").
// Production installs its own policy module instead.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(meshfleetLocalPolicyModule);

// search
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

// Kubernetes: the Kubernetes tab of catalog entities. Meshfleet does not need this
// plugin running: its mesh backend reads the same kubernetes.clusterLocatorMethods
// and builds the same server-side auth strategies from this package's exported
// classes. Strategies added to this plugin through its extension point do not
// reach Meshfleet, and clusters whose auth provider takes a user's token
// (oidc, google, aks) are listed by Meshfleet as needing a signed-in user.
backend.add(import('@backstage/plugin-kubernetes-backend'));
// The meshfleet auth provider: credentials of the cluster entities Meshfleet emits,
// from meshfleet.clusters, for a Kubernetes plugin that finds clusters only through
// the catalog (the catalog never holds a token).
backend.add(import('@meshfleet/plugin-kubernetes-backend-module-meshfleet'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// events: the event bus across replicas (stored in PostgreSQL), so an event such as
// meshfleet.model.changed reaches each subscriber once whichever replica published
// it; without this plugin the events service delivers in-process only.
backend.add(import('@backstage/plugin-events-backend'));

// Meshfleet: the global management layer
backend.add(import('@meshfleet/plugin-mesh-backend'));

backend.start();
