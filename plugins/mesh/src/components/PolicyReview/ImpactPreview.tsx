import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicyImpact } from '@meshfleet/plugin-mesh-common';

type Ref = { cluster: string; namespace: string; name: string };

function refList(refs: Ref[]): string {
  return refs.length
    ? refs.map(r => `${r.cluster}/${r.namespace}/${r.name}`).join(', ')
    : 'none';
}

/** A topology node id as people read it: `svc:shop:catalog` → `shop/catalog`. */
export function nodeLabel(id: string): string {
  const m = /^svc:([^:]+):(.+)$/.exec(id);
  return m ? `${m[1]}/${m[2]}` : id;
}

/** A req/s figure: two decimals below 10, one above. */
function rate(value: number): string {
  return value.toFixed(value < 10 ? 2 : 1);
}

/**
 * What the change touches, from the mesh model and the last window of
 * metrics: clusters, services, workloads and the observed traffic edges into
 * and out of the touched services (cross-cluster ones marked), with notes.
 */
export function ImpactPreview(props: { impact: MeshPolicyImpact }) {
  const { impact } = props;
  return (
    <Box data-testid="impact-preview">
      <Typography variant="body2">
        <strong>Clusters:</strong>{' '}
        {impact.clusters.length ? impact.clusters.join(', ') : 'none'}
      </Typography>
      <Typography variant="body2">
        <strong>Services:</strong> {refList(impact.services)}
      </Typography>
      <Typography variant="body2">
        <strong>Workloads:</strong> {refList(impact.workloads)}
      </Typography>
      {impact.edges.length > 0 && (
        <Table size="small" aria-label="traffic edges">
          <TableHead>
            <TableRow>
              <TableCell>From</TableCell>
              <TableCell>To</TableCell>
              <TableCell align="right">
                req/s{impact.window ? ` (${impact.window})` : ''}
              </TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {impact.edges.map((edge, i) => (
              <TableRow key={i}>
                <TableCell>{nodeLabel(edge.source)}</TableCell>
                <TableCell>{nodeLabel(edge.target)}</TableCell>
                <TableCell align="right">
                  {rate(edge.requestsPerSecond)}
                </TableCell>
                <TableCell>
                  {edge.crossCluster && (
                    <Chip
                      size="small"
                      variant="outlined"
                      label="cross-cluster"
                    />
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {impact.notes.map((note, i) => (
        <Typography key={i} variant="body2" color="textSecondary">
          {note}
        </Typography>
      ))}
    </Box>
  );
}
