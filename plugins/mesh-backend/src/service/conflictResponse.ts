import { ErrorRequestHandler } from 'express';
import { MeshWriteConflictResponse } from '@meshfleet/plugin-mesh-common';
import { MeshVersionConflictError } from '../database/errors';

/**
 * Answers a stale `If-Match` with 409 and the current record, in Backstage's
 * error body shape plus `current`, so a client can merge and retry without
 * another read. Other errors go on to Backstage's error middleware.
 */
export const conflictResponse: ErrorRequestHandler = (error, req, res, next) => {
  if (!(error instanceof MeshVersionConflictError) || res.headersSent) {
    next(error);
    return;
  }
  const body: MeshWriteConflictResponse = {
    error: { name: 'ConflictError', message: error.message },
    // As Backstage's error middleware does: the URL within the plugin's router.
    request: { method: req.method, url: req.url },
    response: { statusCode: 409 },
    current: error.current,
  };
  res.status(409).json(body);
};
