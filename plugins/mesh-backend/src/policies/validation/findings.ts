import type { AnalyzedObject, Finding } from './types';
import { levelOf } from './levels';

/** What a check says about one field of an object. */
export interface FindingText {
  field?: string;
  message: string;
  fix: string;
}

/** An analysis finding about an object, at the level its code has. */
export function analysisFinding(code: string, object: AnalyzedObject, text: FindingText): Finding {
  return {
    code,
    level: levelOf(code),
    layer: 'analysis',
    kind: object.kind,
    namespace: object.metadata.namespace,
    name: object.metadata.name,
    ...(text.field ? { field: text.field } : {}),
    message: text.message,
    fix: text.fix,
  };
}
