import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { MeshApi } from '@meshfleet/plugin-mesh-common';
import { meshApiRef } from '@meshfleet/plugin-mesh-react';
import { whyNotFree } from './freeClusters';

/**
 * Checks the picked cluster when the form is submitted (it may have joined a
 * mesh or become unreachable since the list was read), naming what is wrong.
 */
export const validateFreeCluster: CustomFieldValidator<string> = async (value, validation, context) => {
  if (!value) {
    return;
  }
  const meshApi = context.apiHolder.get(meshApiRef as unknown as Parameters<typeof context.apiHolder.get>[0]) as
    | MeshApi
    | undefined;
  if (!meshApi) {
    return;
  }
  const reason = whyNotFree(value, await meshApi.listClusters());
  if (reason) {
    validation.addError(reason);
  }
};
