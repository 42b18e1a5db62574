import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { CreateMeshLink, MeshTemplateLinks } from './MeshTemplateLinks';
import { createFromTemplateRouteRef } from './routes';

const mountedRoutes = { '/create/templates/:namespace/:templateName': createFromTemplateRouteRef };
const hosted = {
  id: 'payments',
  type: 'hosted' as const,
  managed: true,
  clusters: [{ cluster: 'mesh-cp', role: 'control-plane' as const, reachability: 'reachable' as const }],
};
const formData = (json: object) => `?formData=${encodeURIComponent(JSON.stringify(json))}`;

describe('MeshTemplateLinks', () => {
  it('links a hosted mesh without members to "Add a cluster" and "Delete the mesh", with the mesh filled in', async () => {
    await renderInTestApp(<MeshTemplateLinks mesh={hosted} />, { mountedRoutes });
    expect(await screen.findByRole('button', { name: 'Add a cluster' })).toHaveAttribute(
      'href',
      `/create/templates/default/onboard-cluster-into-mesh${formData({ mesh: 'resource:default/payments' })}`,
    );
    expect(screen.getByRole('button', { name: 'Delete the mesh' })).toHaveAttribute(
      'href',
      `/create/templates/default/delete-service-mesh${formData({ mesh: 'resource:default/payments' })}`,
    );
  });

  it('offers "Remove a cluster" instead of deleting once the mesh has members', async () => {
    const withMember = { ...hosted, clusters: [...hosted.clusters, { cluster: 'east', role: 'remote' as const, reachability: 'reachable' as const }] };
    await renderInTestApp(<MeshTemplateLinks mesh={withMember} />, { mountedRoutes });
    expect(await screen.findByRole('button', { name: 'Remove a cluster' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete the mesh' })).not.toBeInTheDocument();
  });

  it('offers "Upgrade the mesh", and "Roll back an upgrade" only while a second istiod revision runs', async () => {
    const { unmount } = await renderInTestApp(<MeshTemplateLinks mesh={{ ...hosted, revisions: ['1-30-3'] }} />, { mountedRoutes });
    expect(await screen.findByRole('button', { name: 'Upgrade the mesh' })).toHaveAttribute(
      'href',
      `/create/templates/default/upgrade-mesh${formData({ mesh: 'resource:default/payments' })}`,
    );
    expect(screen.queryByRole('button', { name: 'Roll back an upgrade' })).not.toBeInTheDocument();
    unmount();
    await renderInTestApp(<MeshTemplateLinks mesh={{ ...hosted, revisions: ['1-30-3', '1-31-0'] }} />, { mountedRoutes });
    expect(await screen.findByRole('button', { name: 'Roll back an upgrade' })).toHaveAttribute(
      'href',
      `/create/templates/default/rollback-mesh-upgrade${formData({ mesh: 'resource:default/payments' })}`,
    );
  });

  it('offers a discovered mesh the gateway, sidecar and policy templates, with the mesh filled in', async () => {
    await renderInTestApp(<MeshTemplateLinks mesh={{ ...hosted, managed: false }} />, { mountedRoutes });
    expect(await screen.findByRole('button', { name: 'Create a gateway' })).toHaveAttribute(
      'href',
      `/create/templates/default/create-mesh-gateway${formData({ mesh: 'resource:default/payments' })}`,
    );
    expect(screen.getByRole('button', { name: 'Canary release' })).toHaveAttribute(
      'href',
      `/create/templates/default/canary-release${formData({ mesh: 'resource:default/payments' })}`,
    );
    expect(screen.getByRole('button', { name: 'Require mTLS' })).toHaveAttribute(
      'href',
      `/create/templates/default/require-mtls-for-namespace${formData({ mesh: 'resource:default/payments' })}`,
    );
    expect(screen.getByRole('button', { name: 'Enable the mesh for a service' })).toHaveAttribute(
      'href',
      `/create/templates/default/enable-mesh-for-service${formData({ mesh: 'resource:default/payments' })}`,
    );
    expect(screen.getAllByRole('button')).toHaveLength(4);
  });

  it('offers no gateway or sidecar template for an adopted external mesh', async () => {
    await renderInTestApp(<MeshTemplateLinks mesh={{ ...hosted, type: 'external' }} />, { mountedRoutes });
    expect(await screen.findByRole('button', { name: 'Canary release' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create a gateway' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enable the mesh for a service' })).not.toBeInTheDocument();
  });

  it('links the Meshes page to "Create a service mesh", and hides the link where the app has no scaffolder', async () => {
    const { unmount } = await renderInTestApp(<CreateMeshLink />, { mountedRoutes });
    expect(await screen.findByRole('button', { name: 'Create a mesh' })).toHaveAttribute(
      'href',
      '/create/templates/default/create-service-mesh',
    );
    unmount();
    await renderInTestApp(
      <>
        <span>no scaffolder</span>
        <CreateMeshLink />
      </>,
    );
    expect(await screen.findByText('no scaffolder')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create a mesh' })).not.toBeInTheDocument();
  });
});
