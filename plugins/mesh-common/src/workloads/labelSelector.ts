/**
 * One requirement of a Kubernetes label selector.
 *
 * @public
 */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

/**
 * Parses a Kubernetes label selector string as `backstage.io/kubernetes-label-selector`
 * holds it: `app=cart,tier in (web,api),!legacy,env!=dev`. Equality forms are
 * read as one-value `in`/`notin`. Throws with the offending part on bad input.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTopLevel(selector)
    .map(part => part.trim())
    .filter(Boolean)
    .map(parseRequirement);
}

/**
 * Whether a label set satisfies every requirement.
 *
 * @public
 */
export function matchesSelector(requirements: LabelRequirement[], labels: Record<string, string>): boolean {
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]);
      default:
        return false;
    }
  });
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[A-Za-z0-9]?[-A-Za-z0-9_.]*`;

function parseRequirement(part: string): LabelRequirement {
  let m = new RegExp(`^!\\s*(${KEY})$`).exec(part);
  if (m) return { key: m[1], op: 'doesnotexist' };
  m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`).exec(part);
  if (m) return { key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] };
  m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(part);
  if (m) {
    return { key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map(v => v.trim()).filter(Boolean) };
  }
  m = new RegExp(`^(${KEY})$`).exec(part);
  if (m) return { key: m[1], op: 'exists' };
  throw new Error(`cannot read '${part}' as a label selector requirement`);
}

/** Splits at commas that are not inside `( )`. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
