/**
 * Which copy to keep when AWS holds several tagged copies of a resource stepgate expects once
 * (a create whose response was lost, then retried): the one the others reference, else the
 * oldest, else the first listed. The rest are deleted by the plan.
 */
export function pickKept<T>(
  copies: readonly T[],
  referenced: (copy: T) => boolean,
  createdAt: (copy: T) => number | undefined,
): { kept: T | null; others: T[] } {
  if (copies.length === 0) return { kept: null, others: [] };
  const order = copies
    .map((copy, index) => ({ copy, index }))
    .sort(
      (a, b) =>
        Number(referenced(b.copy)) - Number(referenced(a.copy)) ||
        (createdAt(a.copy) ?? Infinity) - (createdAt(b.copy) ?? Infinity) ||
        a.index - b.index,
    )
    .map((o) => o.copy);
  return { kept: order[0]!, others: order.slice(1) };
}
