/*
 * Building blocks of PromQL text. Values are always escaped, so a name that
 * reached here (already checked against the mesh model) can never change the
 * shape of a query.
 */

/** A label matcher: `name op "value"`. */
export interface Matcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** A PromQL string literal (double-quoted, Go-style escapes). */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** RE2 QuoteMeta: the value matched literally inside a regex. */
export function regexLiteral(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** A matcher for any of the values (one value: equality). */
export function oneOf(label: string, values: string[]): Matcher {
  const unique = [...new Set(values)].sort();
  return unique.length === 1
    ? { label, op: '=', value: unique[0] }
    : { label, op: '=~', value: unique.map(regexLiteral).join('|') };
}

/** `{a="b",c=~"d"}`. */
export function selector(matchers: Matcher[]): string {
  return `{${matchers.map(m => `${m.label}${m.op}${quote(m.value)}`).join(',')}}`;
}

/** `metric{...}`. */
export function series(metric: string, matchers: Matcher[]): string {
  return `${metric}${selector(matchers)}`;
}

/**
 * The union of `rate(metric{branch}[window])` over the branches. Identical
 * raw series matched by several branches count once (`or` keeps one of
 * them), so overlapping selectors never double a rate.
 */
export function rateUnion(metric: string, branches: Matcher[][], window: string): string {
  return branches.map(b => `rate(${series(metric, b)}[${window}])`).join(' or ');
}

/** `label_replace(expr, "dst", "replacement", "src", "regex")`. */
export function labelReplace(expr: string, dst: string, replacement: string, src: string, regex: string): string {
  return `label_replace(${expr}, ${quote(dst)}, ${quote(replacement)}, ${quote(src)}, ${quote(regex)})`;
}

/** Every combination of one matcher list from each group. */
export function crossBranches(...groups: Matcher[][][]): Matcher[][] {
  return groups.reduce<Matcher[][]>(
    (acc, group) => acc.flatMap(prefix => group.map(branch => [...prefix, ...branch])),
    [[]],
  );
}
