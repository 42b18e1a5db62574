import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { MeshPolicyApplyResponse } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import type { PolicyObject } from '../PolicyForms/builders/types';
import { ConflictDialog } from './ConflictDialog';
import { ImpactPreview } from './ImpactPreview';
import { PolicyDiff } from './PolicyDiff';
import { classifyFailure, objectLabel, ReviewFailure } from './reviewErrors';
import { ValidationMessages } from './ValidationMessages';

/** Props of {@link PolicyReview}. */
export interface PolicyReviewProps {
  meshId: string;
  objects: PolicyObject[];
  /** After the batch was applied. */
  onApplied?(response: MeshPolicyApplyResponse): void;
  /** Offered when an object changed since it was read: rebuild the change on the current version. */
  onRebuild?(): void;
}

/** "created VirtualService shop/catalog; updated DestinationRule shop/catalog". */
export function appliedSummary(response: MeshPolicyApplyResponse): string {
  return response.results
    .map(r => `${r.action} ${objectLabel(r.policy)}`)
    .join('; ');
}

function FailurePanel(props: { failure: ReviewFailure }) {
  const { failure } = props;
  switch (failure.kind) {
    case 'validation':
      return (
        <InfoCard title="Refused by validation: nothing was applied">
          <ValidationMessages messages={failure.messages} />
        </InfoCard>
      );
    case 'forbidden':
      return (
        <WarningPanel
          severity="error"
          title="Permission missing: nothing was applied"
          message={failure.message}
        />
      );
    case 'conflict':
      return (
        <WarningPanel
          severity="warning"
          title="Changed since you opened it: nothing was applied"
          message={failure.message}
        />
      );
    default:
      return (
        <ResponseErrorPanel
          title="The policies API did not answer as expected"
          error={failure.error}
        />
      );
  }
}

function DryRunResult(props: { response: MeshPolicyApplyResponse }) {
  const { response } = props;
  return (
    <>
      <InfoCard
        title="Validation"
        subheader={`schema, analysis across the mesh's clusters, dry run in ${response.configCluster}`}
      >
        <ValidationMessages messages={response.messages} />
        {response.warnings.map((w, i) => (
          <Typography key={i} variant="body2" color="textSecondary">
            {w}
          </Typography>
        ))}
      </InfoCard>
      <Box mt={2}>
        <InfoCard
          title="Impact"
          subheader="what the change touches, from the mesh model and the last window of traffic"
        >
          <ImpactPreview impact={response.impact} />
        </InfoCard>
      </Box>
      <Box mt={2}>
        <InfoCard
          title="Changes"
          subheader={`against the objects in ${response.configCluster}`}
        >
          {response.results.map((r, i) => (
            <PolicyDiff
              key={i}
              title={`${r.action}: ${objectLabel(r.policy)}`}
              diff={r.diff}
            />
          ))}
        </InfoCard>
      </Box>
    </>
  );
}

/**
 * The review before a policy write: a dry run of the batch shows the
 * validation findings grouped by object, the impact and each object's diff;
 * Apply (disabled while any error stands) writes the batch all or nothing and
 * says what it created and updated. A refusal (400 with findings, 403, 409
 * with the object as it is now) is shown the same way.
 */
export function PolicyReview(props: PolicyReviewProps) {
  const { meshId, objects, onApplied } = props;
  const meshApi = useApi(meshApiRef);
  const dryRun = useAsync(
    () => meshApi.applyMeshPolicies(meshId, { objects, dryRun: true }),
    [meshApi, meshId, objects],
  );
  const [applied, apply] = useAsyncFn(
    () => meshApi.applyMeshPolicies(meshId, { objects }),
    [meshApi, meshId, objects],
  );
  const [conflictOpen, setConflictOpen] = useState(false);

  const failure = applied.error ?? dryRun.error;
  const classified = failure && classifyFailure(failure, objects, meshId);
  useEffect(
    () =>
      setConflictOpen(
        (failure as { statusCode?: number } | undefined)?.statusCode === 409,
      ),
    [failure],
  );
  useEffect(() => {
    if (applied.value) onApplied?.(applied.value);
  }, [applied.value, onApplied]);

  if (dryRun.loading) return <Progress />;
  const errors =
    dryRun.value?.messages.filter(m => m.level === 'error').length ?? 0;
  const blocked = !dryRun.value || errors > 0;
  return (
    <Box>
      {classified && <FailurePanel failure={classified} />}
      {classified?.kind === 'conflict' && conflictOpen && (
        <ConflictDialog
          message={classified.message}
          current={classified.current}
          onClose={() => setConflictOpen(false)}
          onRebuild={props.onRebuild}
        />
      )}
      {dryRun.value && !applied.value && (
        <DryRunResult response={dryRun.value} />
      )}
      {applied.value ? (
        <Box mt={2}>
          <Typography role="status" variant="body1">
            Applied in {applied.value.configCluster}:{' '}
            {appliedSummary(applied.value)}
          </Typography>
        </Box>
      ) : (
        <Box mt={2} display="flex" alignItems="center" style={{ gap: 16 }}>
          <Button
            color="primary"
            variant="contained"
            disabled={blocked || applied.loading}
            onClick={apply}
          >
            {applied.loading ? 'Applying…' : 'Apply'}
          </Button>
          {errors > 0 && (
            <Typography variant="body2">
              {errors === 1 ? '1 error' : `${errors} errors`} to fix first
            </Typography>
          )}
        </Box>
      )}
    </Box>
  );
}
