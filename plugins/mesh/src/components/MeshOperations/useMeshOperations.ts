import { useApi } from '@backstage/frontend-plugin-api';
import { MeshOperation } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { useCallback, useEffect, useState } from 'react';
import { isActive } from './operationText';

/** How many operations the panel shows (newest first). */
export const OPERATIONS_SHOWN = 20;

/** How long one wait for a running operation's progress lasts (the backend allows up to 30 s). */
const WAIT_SECONDS = 25;

export interface MeshOperationsState {
  operations?: MeshOperation[];
  error?: Error;
  loading: boolean;
  /** Reads the list again (after a retry, or from a Refresh button). */
  reload(): void;
}

/**
 * The mesh's operations, newest first. While one is pending or running, its
 * log is long-polled (the request returns when the operation writes a line or
 * ends) and the list is read again after each answer, so progress shows
 * without a timer; it stops when nothing runs or the component unmounts.
 */
export function useMeshOperations(meshId: string): MeshOperationsState {
  const meshApi = useApi(meshApiRef);
  const [operations, setOperations] = useState<MeshOperation[]>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration(g => g + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const read = () => meshApi.listOperations({ meshId, limit: OPERATIONS_SHOWN }, { signal });

    async function follow(list: MeshOperation[]) {
      let current = list;
      const seen = new Map<string, number>();
      while (!signal.aborted) {
        const active = current.find(isActive);
        if (!active) return;
        const page = await meshApi.getOperationLog(
          active.id,
          { after: seen.get(active.id) ?? 0, waitSeconds: WAIT_SECONDS },
          { signal },
        );
        seen.set(active.id, page.nextSeq);
        current = await read();
        if (!signal.aborted) setOperations(current);
      }
    }

    setLoading(true);
    read()
      .then(async list => {
        if (signal.aborted) return;
        setOperations(list);
        setError(undefined);
        setLoading(false);
        await follow(list);
      })
      .catch((e: Error) => {
        if (signal.aborted) return;
        setError(e);
        setLoading(false);
      });
    return () => controller.abort();
  }, [meshApi, meshId, generation]);

  return { operations, error, loading, reload };
}
