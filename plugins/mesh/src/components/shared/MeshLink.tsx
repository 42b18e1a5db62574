import { Link } from '@backstage/core-components';
import { ReactNode } from 'react';
import { useMeshLinks } from './links';

/** The name of a mesh, linked to its page when the page is mounted. */
export function MeshLink(props: { meshId: string; children?: ReactNode }) {
  const href = useMeshLinks().mesh(props.meshId);
  const text = props.children ?? props.meshId;
  return href ? <Link to={href}>{text}</Link> : <>{text}</>;
}
