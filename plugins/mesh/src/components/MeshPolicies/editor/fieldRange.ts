import { Document, isCollection, isMap, isNode, isPair, isScalar, isSeq, Node } from 'yaml';

/** One step of a field path: a map key or a sequence index. */
export type FieldPathSegment = string | number;

/** Where a field is in the YAML text: character offsets, end exclusive. */
export interface FieldRange {
  from: number;
  to: number;
  /**
   * True when the whole path was found; false when the range is the nearest
   * part of it that exists (a missing field is reported at its parent) or the
   * document's start.
   */
  exact: boolean;
}

/**
 * Splits a backend field path (`spec.http[0].route[1].destination.subset`,
 * `metadata.labels["app.kubernetes.io/name"]`) into keys and indexes.
 * Unparseable text ends the path: what was read so far still locates the field.
 */
export function parseFieldPath(path: string): FieldPathSegment[] {
  if (path.startsWith('/')) {
    // A JSON pointer (`/spec/http/0`), with its escapes for `~` and `/`.
    return path.slice(1).split('/').map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  // A key (after a dot, or first), an index, or a quoted key for keys with dots.
  const segment = /\.?([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['([^']*)'\]/y;
  const segments: FieldPathSegment[] = [];
  while (segment.lastIndex < path.length) {
    const match = segment.exec(path);
    if (!match) {
      break;
    }
    const [, key, index, doubleQuoted, singleQuoted] = match;
    if (index !== undefined) {
      segments.push(Number(index));
    } else {
      segments.push(key ?? (doubleQuoted !== undefined ? JSON.parse(`"${doubleQuoted}"`) : singleQuoted));
    }
  }
  return segments;
}

/** The node a step leads to from a collection, and the key node naming it in a map. */
function step(node: unknown, segment: FieldPathSegment): { value: unknown; key?: Node } | undefined {
  if (isMap(node)) {
    const pair = node.items.find(item => isScalar(item.key) && String(item.key.value) === String(segment));
    return pair && isPair(pair) ? { value: pair.value, key: pair.key as Node } : undefined;
  }
  // `http.0` (a JSON pointer's or a schema validator's style) is an index too.
  const index = typeof segment === 'number' || !/^\d+$/.test(segment) ? segment : Number(segment);
  if (isSeq(node) && typeof index === 'number') {
    return index < node.items.length ? { value: node.items[index] } : undefined;
  }
  return undefined;
}

/** The first line of a node: a whole map or list would underline half the editor. */
function firstLine(text: string, from: number, to: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 || newline > to ? to : newline;
}

/** The range to mark for a node found at the end of a path (or of its longest existing prefix). */
function rangeOf(text: string, found: { value: unknown; key?: Node }): [number, number] | undefined {
  const { value, key } = found;
  // A collection is marked by the key that names it ("route:"), a scalar by its value.
  if (key?.range && (!isNode(value) || isCollection(value))) {
    return [key.range[0], key.range[1]];
  }
  if (isNode(value) && value.range) {
    const [from, to] = value.range;
    return [from, isCollection(value) ? firstLine(text, from, to) : to];
  }
  return key?.range ? [key.range[0], key.range[1]] : undefined;
}

/** Where a document starts: its first content line, for messages without a locatable field. */
function documentStart(text: string, doc: Document): [number, number] {
  const contents = doc.contents;
  const from = contents?.range?.[0] ?? doc.range?.[0] ?? 0;
  const to = contents?.range ? firstLine(text, from, contents.range[1]) : from;
  return [from, Math.max(from, to)];
}

/**
 * The range of a field of one YAML document in the editor's text, from a
 * field path as the policies API reports it. A path that does not fully exist
 * (a required field left out) lands on its deepest existing part; no path, or
 * none of it found, lands on the document's first line.
 */
export function fieldRange(text: string, doc: Document, path: string | undefined): FieldRange {
  let current: { value: unknown; key?: Node } = { value: doc.contents };
  let best: [number, number] | undefined;
  const segments = path ? parseFieldPath(path) : [];
  let exact = segments.length > 0;
  for (const segment of segments) {
    const next = step(current.value, segment);
    if (!next) {
      exact = false;
      break;
    }
    current = next;
    best = rangeOf(text, current) ?? best;
  }
  const [from, to] = best ?? documentStart(text, doc);
  return { from, to, exact: exact && best !== undefined };
}
