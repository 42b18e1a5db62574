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

  it('offers nothing for a mesh Meshfleet only discovered', async () => {
    await renderInTestApp(
      <>
        <span>discovered</span>
        <MeshTemplateLinks mesh={{ ...hosted, managed: false }} />
      </>,
      { mountedRoutes },
    );
    expect(await screen.findByText('discovered')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
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
