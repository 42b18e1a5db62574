import { Content, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ComponentService } from '@meshfleet/plugin-mesh-common';
import { ReactElement, ReactNode } from 'react';
import { NotInMesh } from './NotInMesh';
import { ServicePicker } from './ServicePicker';
import { useComponentServices } from './useComponentServices';

/**
 * A Component tab about one of its mesh services: finds them, says when there is
 * none or the lookup failed, and otherwise renders `children` for the selected
 * one with a picker between them (the Service Mesh and Grafana tabs share this).
 */
export function ComponentServiceContent(props: {
  children: (service: ComponentService, picker: ReactElement) => ReactNode;
}) {
  const { entity } = useEntity();
  const state = useComponentServices(entity);
  let body: ReactNode;
  if (state.error) {
    body = <ResponseErrorPanel title="Could not find the Component's mesh services" error={state.error} />;
  } else if (!state.services) {
    body = <Progress />;
  } else if (!state.selected) {
    body = <NotInMesh entity={entity} />;
  } else {
    body = props.children(
      state.selected,
      <ServicePicker services={state.services} selected={state.selected} onSelect={state.select} />,
    );
  }
  return <Content>{body}</Content>;
}
