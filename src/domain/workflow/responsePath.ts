/**
 * Reads one value out of a parsed response document by a path such as `tier`,
 * `customer.name`, `items[0].id` or `a.b[2][1]`, for Collect Information's mappings. Pure and
 * total: a missing step, a malformed path or an odd document gives undefined, never a throw.
 * Only own properties are followed, so `__proto__` or `constructor` reach nothing.
 */

type Step = { readonly key: string } | { readonly index: number };

// A key is anything but `.`, `[` and `]`; an index is a whole number in brackets.
const wholePath = /^(?:[^.[\]]+|\[\d+\])(?:\.[^.[\]]+|\[\d+\])*$/;
const stepPattern = /\.?([^.[\]]+)|\[(\d+)\]/g;

/** The steps of a path, or undefined when it is malformed. */
function stepsOf(path: string): Step[] | undefined {
  if (!wholePath.test(path)) return undefined;
  const steps: Step[] = [];
  for (const [, key, index] of path.matchAll(stepPattern)) {
    if (key !== undefined) {
      steps.push({ key });
    } else {
      const n = Number(index);
      if (!Number.isSafeInteger(n)) return undefined;
      steps.push({ index: n });
    }
  }
  return steps;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value one step further in, or undefined. Keys step into objects, indexes into arrays. */
function stepInto(value: unknown, step: Step): unknown {
  if ("key" in step) {
    return isPlainRecord(value) && Object.hasOwn(value, step.key) ? value[step.key] : undefined;
  }
  return Array.isArray(value) && Object.hasOwn(value, step.index) ? value[step.index] : undefined;
}

function asText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "object":
      return value === null ? undefined : JSON.stringify(value);
    default:
      return undefined;
  }
}

/** The text at `path` in `document`, or undefined when there is none. */
export function valueAtPath(document: unknown, path: string): string | undefined {
  const steps = stepsOf(path);
  if (!steps) return undefined;
  try {
    // Getters, proxies and cycles cannot come out of JSON.parse, but are not allowed to throw.
    const value = steps.reduce<unknown>((current, step) => stepInto(current, step), document);
    return asText(value);
  } catch {
    return undefined;
  }
}
