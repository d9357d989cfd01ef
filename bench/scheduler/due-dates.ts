/** Due dates spread uniformly over the window: seeded offsets in whole milliseconds. */
export function dueOffsets(count: number, windowMs: number, random: () => number): Float64Array {
  const offsets = new Float64Array(count);
  for (let i = 0; i < count; i++) offsets[i] = Math.floor(random() * windowMs);
  return offsets;
}
