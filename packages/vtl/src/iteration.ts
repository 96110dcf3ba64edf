/**
 * The iterator `#foreach` takes from its source, as Velocity 1.7's introspection does: a list
 * or array is iterated live (an ArrayList's iterator), a map gives its values, a set (a map's
 * `keySet()`, `entrySet()`) its elements; anything else (null, strings, numbers, other objects)
 * cannot be iterated and the loop renders nothing. A structural change to a list or map while
 * the loop runs makes the next step throw ConcurrentModificationException, as Java's fail-fast
 * iterators do: like ArrayList's and HashMap's modCount, stepgate counts the method calls that
 * change a collection's size, and `add`, `addAll`, `clear` and `sort` on a list whatever they
 * do. A map's `keySet()`, `values()` and `entrySet()` are copies that remember their map, for
 * that check and so that `#set($entry.value = …)` changes the map; `refreshView` brings one up
 * to date whenever a template reads it, so they act as Java's live views.
 */
import { ForeachScope } from './foreach-scope.js';
import { JavaArray, javaEquals, MapEntry, mapKey } from './java-values.js';

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

/** The Java class of each view (`java.util.LinkedHashMap$LinkedKeySet`, …). */
const viewClasses = new WeakMap<object, string>();

/**
 * Records that `view` is a view of `map` (its class LinkedHashMap's inner class `kind`):
 * changing `map` while iterating `view` fails.
 */
export function mapView<T extends object>(
  map: Map<unknown, unknown>,
  view: T,
  kind: 'LinkedKeySet' | 'LinkedValues' | 'LinkedEntrySet',
): T {
  viewSources.set(view, map);
  viewClasses.set(view, `java.util.LinkedHashMap$${kind}`);
  return view;
}

/** The Java class of a map's view or entry; null for any other value. */
export function viewClassOf(value: unknown): string | null {
  if (value instanceof MapEntry) return 'java.util.LinkedHashMap$Entry';
  return typeof value === 'object' && value !== null ? (viewClasses.get(value) ?? null) : null;
}

/**
 * Brings a map's view up to date with its map, as Java's views are live (`#set($k =
 * $m.keySet())$m.put("z", 1)$k` shows `z`); an entry keeps its identity while its key stays.
 */
export function refreshView(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const map = viewSources.get(value);
  if (!map) return;
  const kind = viewClasses.get(value)!;
  if (Array.isArray(value)) {
    value.length = 0;
    value.push(...map.values());
    return;
  }
  const set = value as Set<unknown>;
  if (kind.endsWith('KeySet')) {
    set.clear();
    for (const key of map.keys()) set.add(key);
    return;
  }
  const entries = new Map([...set].map((entry) => [(entry as MapEntry).key, entry as MapEntry]));
  set.clear();
  for (const [key, item] of map) {
    const entry = entries.get(key) ?? entryOf(map, key, item);
    entry.value = item;
    set.add(entry);
  }
}

/** Returned by `viewMethod` for a method it leaves to the list or set the view is. */
export const NOT_A_VIEW_METHOD = Symbol('not a view method');

/** Whether `value` is a map's `values()`: a Collection, not a List (`[0]` gives null). */
export function isValuesView(value: unknown): boolean {
  return Array.isArray(value) && viewSources.has(value);
}

/** java.util.Collection's methods: all that `values()`, a Collection but no List, has. */
const COLLECTION_METHODS = new Set([
  'size',
  'isEmpty',
  'contains',
  'iterator',
  'toArray',
  'add',
  'remove',
  'containsAll',
  'addAll',
  'removeAll',
  'removeIf',
  'retainAll',
  'clear',
  'spliterator',
  'stream',
  'parallelStream',
  'forEach',
  'equals',
  'hashCode',
  'toString',
  'getClass',
]);

/**
 * A method of a map's view that a copy cannot give: adding to a view throws
 * UnsupportedOperationException (AbstractCollection.add), `remove` and `clear` change the map,
 * and `values()` has only Collection's methods (`get(0)` gives null).
 */
export function viewMethod(view: object, name: string, args: readonly unknown[]): unknown {
  if (!viewSources.has(view)) return NOT_A_VIEW_METHOD;
  const [arg] = args;
  if (name === 'add' && args.length === 1)
    throw new Error('java.lang.UnsupportedOperationException');
  if (name === 'addAll' && args.length === 1 && (Array.isArray(arg) || arg instanceof Set)) {
    if ((Array.isArray(arg) ? arg.length : arg.size) > 0)
      throw new Error('java.lang.UnsupportedOperationException');
    return false;
  }
  if (Array.isArray(view) && !COLLECTION_METHODS.has(name)) return null;
  if (name === 'remove' && args.length === 1) return removeThroughView(view, arg);
  if (name === 'clear' && args.length === 0) {
    viewSources.get(view)!.clear();
    if (Array.isArray(view)) view.length = 0;
    else (view as Set<unknown>).clear();
    return null;
  }
  return NOT_A_VIEW_METHOD;
}

/** `remove` on a view removes the map's entry: by key, by value (the first) or by entry. */
function removeThroughView(view: object, item: unknown): boolean {
  const map = viewSources.get(view)!;
  let key: unknown;
  if (Array.isArray(view)) {
    const index = view.findIndex((value) => javaEquals(value, item));
    if (index < 0) return false;
    key = [...map.keys()][index];
    view.splice(index, 1);
  } else {
    const set = view as Set<unknown>;
    const element = [...set].find((x) =>
      x instanceof MapEntry
        ? item instanceof MapEntry && javaEquals(x.key, item.key) && javaEquals(x.value, item.value)
        : javaEquals(x, item),
    );
    if (element === undefined) return false;
    set.delete(element);
    key = element instanceof MapEntry ? element.key : element;
  }
  map.delete(mapKey(map, key));
  return true;
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
  // `$foreach` is a map: its own values.
  if (source instanceof ForeachScope) return javaIterator(source.storage);
  if (source instanceof Set) {
    const origin = viewSources.get(source) ?? source;
    return snapshotIterator([...source], origin, (x) => x);
  }
  return null;
}
