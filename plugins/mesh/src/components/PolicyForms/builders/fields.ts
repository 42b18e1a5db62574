import type { FieldErrors, Parsed, RawValues } from './types';

/*
 * Readers of form fields: each returns the value, or records in `errors` an
 * error that names the field, says what is expected and quotes what was typed.
 */

const DURATION = /^\d+(\.\d+)?(ms|s|m|h)$/;

/** Collects field errors while a form's values are read. */
export class FieldReader {
  readonly errors: FieldErrors = {};

  constructor(private readonly raw: RawValues) {}

  /** The trimmed text of a field ('' when blank). */
  text(key: string): string {
    return (this.raw[key] ?? '').trim();
  }

  /** The values for the builder, or the errors when any field is wrong. */
  result<T>(values: T): Parsed<T> {
    return Object.keys(this.errors).length > 0
      ? { errors: this.errors }
      : { values };
  }

  fail(key: string, label: string, expected: string): undefined {
    const typed = this.text(key);
    this.errors[key] ??= `${label}: expected ${expected}${
      typed ? `, got "${typed}"` : ''
    }`;
    return undefined;
  }

  /** A required text matching `pattern`. */
  required(
    key: string,
    label: string,
    expected: string,
    pattern?: RegExp,
  ): string {
    const value = this.text(key);
    if (!value || (pattern && !pattern.test(value)))
      this.fail(key, label, expected);
    return value;
  }

  /** A whole number in [min, max]; undefined when blank and optional. */
  wholeNumber(
    key: string,
    label: string,
    min: number,
    max: number,
    optional = false,
  ): number | undefined {
    const value = this.text(key);
    if (!value && optional) return undefined;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      return this.fail(key, label, `a whole number from ${min} to ${max}`);
    return n;
  }

  /** A percentage in [min, max], decimals allowed (Istio's `percentage.value`). */
  percent(key: string, label: string, min = 0, max = 100): number | undefined {
    const value = this.text(key);
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || n < min || n > max)
      return this.fail(key, label, `a percentage from ${min} to ${max}`);
    return n;
  }

  /** An Istio duration (`250ms`, `2s`, `1m`, `1h`); undefined when blank and optional. */
  duration(key: string, label: string, optional = false): string | undefined {
    const value = this.text(key);
    if (!value && optional) return undefined;
    if (!DURATION.test(value) || /^0+(\.0+)?[a-z]+$/.test(value)) {
      return this.fail(
        key,
        label,
        'a duration above zero such as 250ms, 2s, 1m or 1h',
      );
    }
    return value;
  }

  /** One of fixed choices. */
  choice<T extends string>(
    key: string,
    label: string,
    choices: readonly T[],
  ): T {
    const value = this.text(key) as T;
    if (!choices.includes(value))
      this.fail(key, label, `one of ${choices.join(', ')}`);
    return value;
  }

  /** A comma-separated list, each item matching `pattern` (empty list when blank). */
  list(
    key: string,
    label: string,
    expected: string,
    pattern: RegExp,
  ): string[] {
    const items = this.text(key)
      .split(',')
      .map(s => s.trim())
      .filter(Boolean);
    if (items.some(item => !pattern.test(item)))
      this.fail(key, label, `a comma-separated list of ${expected}`);
    return items;
  }
}


/** A Kubernetes label value or subset name: lowercase letters, digits, '-', '.', '_' (at most 63). */
export const LABEL_VALUE = /^[a-z0-9A-Z]([-a-z0-9A-Z_.]{0,61}[a-z0-9A-Z])?$/;
/** A DNS-1123 label, as Istio's subset names and Kubernetes object names in a form. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** An HTTP header name: lowercase, as Envoy sees headers. */
export const HEADER_NAME = /^[a-z0-9][-a-z0-9_]*$/;
