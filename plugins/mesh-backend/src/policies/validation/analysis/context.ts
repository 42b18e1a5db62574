import type { AnalyzedObject, Finding, MeshState } from '../types';
import { HostRegistry, indexOf, StateIndex } from './stateIndex';

/**
 * What every check reads: the state's index, the objects as they would be
 * after the batch (the batch replaces objects of the same kind, namespace and
 * name), and which of them to report on (the batch's; a finding about a pair
 * is reported on the one sent).
 */
export interface AnalysisContext {
  state: MeshState;
  index: StateIndex;
  hosts: HostRegistry;
  objects: AnalyzedObject[];
  isReported(object: AnalyzedObject): boolean;
  ofKind(kind: string): AnalyzedObject[];
}

/** One analyzer: findings about the reported objects. */
export type Analyzer = (context: AnalysisContext) => Finding[];

const keyOf = (o: AnalyzedObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;

/** The context for a batch over a state: the state's objects with the batch's in place of theirs. */
export function analysisContext(state: MeshState, batch: AnalyzedObject[], reportExisting = false): AnalysisContext {
  const replaced = new Set(batch.map(keyOf));
  const objects = [...state.existing.filter(o => !replaced.has(keyOf(o))), ...batch];
  const reported = new Set<AnalyzedObject>(reportExisting ? objects : batch);
  const byKind = new Map<string, AnalyzedObject[]>();
  for (const o of objects) {
    const list = byKind.get(o.kind);
    if (list) list.push(o);
    else byKind.set(o.kind, [o]);
  }
  const index = indexOf(state);
  return {
    state,
    index,
    hosts: new HostRegistry(index, objects),
    objects,
    isReported: o => reported.has(o),
    ofKind: kind => byKind.get(kind) ?? [],
  };
}

/** The reported objects of a kind. */
export function reportedOfKind(context: AnalysisContext, kind: string): AnalyzedObject[] {
  return context.ofKind(kind).filter(o => context.isReported(o));
}
