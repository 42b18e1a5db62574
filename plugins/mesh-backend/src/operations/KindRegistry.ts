import { InputError } from '@backstage/errors';
import { AnyOperationKindDefinition } from './types';

/**
 * The kinds of operation this backend runs, by name. The plugin fills it at
 * start (the lifecycle's kinds); a replica claims only operations of kinds it
 * has, so during a rolling upgrade a kind new to one replica waits for a
 * replica that knows it.
 */
export class KindRegistry<S = unknown> {
  private readonly byName = new Map<string, AnyOperationKindDefinition<S>>();

  constructor(kinds: Iterable<AnyOperationKindDefinition<S>> = []) {
    for (const kind of kinds) {
      this.add(kind);
    }
  }

  add(kind: AnyOperationKindDefinition<S>): void {
    if (this.byName.has(kind.kind)) {
      throw new Error(`Operation kind '${kind.kind}' is registered twice`);
    }
    this.byName.set(kind.kind, kind);
  }

  /** The kind, or undefined when this backend does not run it. */
  find(kind: string): AnyOperationKindDefinition<S> | undefined {
    return this.byName.get(kind);
  }

  /** The kind a request names; a 400 naming the field when this backend has no such kind. */
  forRequest(kind: unknown): AnyOperationKindDefinition<S> {
    const found = typeof kind === 'string' ? this.byName.get(kind) : undefined;
    if (!found) {
      const known = this.names();
      throw new InputError(
        `kind: this backend runs no operation of kind '${String(kind)}'; expected one of: ${known.length ? known.join(', ') : 'none (no kinds are installed)'}`,
      );
    }
    return found;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
