/**
 * The iterator `#foreach` takes from its source, as Velocity 1.7's introspection does: a list
 * or array is iterated live (an ArrayList's iterator), a map gives its values, a set (a map's
 * `keySet()`, `entrySet()`) its elements; anything else (null, strings, numbers, other objects)
 * cannot be iterated and the loop renders nothing. A structural change to a list or map while
 * the loop runs makes the next step throw ConcurrentModificationException, as Java's fail-fast
 * iterators do: like ArrayList's and HashMap's modCount, stepgate counts the method calls that
 * change a collection's size, and `add`, `addAll`, `clear` and `sort` on a list whatever they
 * do. A map's `keySet()`, `values()` and `entrySet()` are copies that remember their map, for
 * that check and so that `#set($entry.value = …)` changes the map.
 */
import { JavaArray, MapEntry } from './java-values.js';

export interface JavaIterator {
  hasNext(): boolean;
  /** The next element; throws ConcurrentModificationException if the source changed. */
  next(): unknown;
}

/** Thrown by `next()` when the iterated collection changed (java.util.ConcurrentModificationException). */
export class ConcurrentModificationError extends Error {
  constructor() {
    super('java.util.ConcurrentModificationException');
  }
}

/** The map a view (`keySet()`, `values()`, `entrySet()`) was taken from. */
const viewSources = new WeakMap<object, Map<unknown, unknown>>();

/** Records that `view` is a view of `map`: changing `map` while iterating `view` fails. */
export function mapView<T extends object>(map: Map<unknown, unknown>, view: T): T {
  viewSources.set(view, map);
  return view;
}

/** Structural modifications of each list and map (Java's modCount), from method calls. */
const modifications = new WeakMap<object, number>();

/** List methods that count as a structural modification whatever they change (ArrayList). */
const LIST_STRUCTURAL = new Set(['add', 'addAll', 'clear', 'sort']);

/** The size of a list or map, to pass to `noteMethodCall` after calling one of its methods. */
export function collectionSize(target: unknown): number | null {
  if (target instanceof JavaArray) return null;
  if (Array.isArray(target)) return target.length;
  return target instanceof Map ? target.size : null;
}

/** Counts the structural modification a method call made to a list or map, if any. */
export function noteMethodCall(target: unknown, method: string, sizeBefore: number | null): void {
  if (sizeBefore === null) return;
  const size = collectionSize(target);
  const structural = size !== sizeBefore || (Array.isArray(target) && LIST_STRUCTURAL.has(method));
  if (structural) modifications.set(target as object, modificationCount(target as object) + 1);
}

function modificationCount(collection: object): number {
  return modifications.get(collection) ?? 0;
}

/** Whether a collection changed since `size` and `count` were read (checkForComodification). */
function changed(
  collection: unknown[] | Map<unknown, unknown> | Set<unknown>,
  size: number,
  count: number,
): boolean {
  const now = Array.isArray(collection) ? collection.length : collection.size;
  return now !== size || modificationCount(collection) !== count;
}

/** The map each entry of an `entrySet()` belongs to. */
const entrySources = new WeakMap<MapEntry, Map<unknown, unknown>>();

/** An entry of `map`'s `entrySet()`: setting its value sets the map's. */
export function entryOf(map: Map<unknown, unknown>, key: unknown, value: unknown): MapEntry {
  const entry = new MapEntry(key, value);
  entrySources.set(entry, map);
  return entry;
}

/** Map.Entry.setValue: the entry's map changes too. */
export function setEntryValue(entry: MapEntry, value: unknown): void {
  entry.value = value;
  entrySources.get(entry)?.set(entry.key, value);
}

/** ArrayList.Itr: `hasNext` reads the list's current size. */
function listIterator(list: unknown[]): JavaIterator {
  const expectedSize = list.length;
  const expectedCount = modificationCount(list);
  let cursor = 0;
  return {
    hasNext: () => cursor !== list.length,
    next: () => {
      if (changed(list, expectedSize, expectedCount)) throw new ConcurrentModificationError();
      return list[cursor++] ?? null;
    },
  };
}

/**
 * LinkedHashMap's iterators: the next entry is fixed when the current one is taken, so a
 * change after the last element ends the loop, and a change before it fails the next step.
 */
function snapshotIterator(
  items: readonly unknown[],
  source: Map<unknown, unknown> | Set<unknown>,
  read: (item: unknown) => unknown,
): JavaIterator {
  const expectedSize = source.size;
  const expectedCount = modificationCount(source);
  let cursor = 0;
  return {
    hasNext: () => cursor < items.length,
    next: () => {
      if (changed(source, expectedSize, expectedCount)) throw new ConcurrentModificationError();
      return read(items[cursor++]);
    },
  };
}

/** The iterator `#foreach ($x in source)` uses, or null when the source cannot be iterated. */
export function javaIterator(source: unknown): JavaIterator | null {
  if (source instanceof JavaArray) {
    let cursor = 0;
    return { hasNext: () => cursor < source.length, next: () => source[cursor++] ?? null };
  }
  if (Array.isArray(source)) {
    const view = viewSources.get(source);
    return view ? snapshotIterator(source, view, (x) => x) : listIterator(source);
  }
  if (source instanceof Map)
    return snapshotIterator([...source.keys()], source, (k) => source.get(k) ?? null);
  if (source instanceof Set) {
    const origin = viewSources.get(source) ?? source;
    return snapshotIterator([...source], origin, (x) => x);
  }
  return null;
}
