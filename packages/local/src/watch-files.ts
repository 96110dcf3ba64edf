import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * Watches the folders of a set of files and calls `onChange` when one of those files changes.
 * Folders, not files: editors replace files on save, which ends a watch on the file.
 */
export class FileWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(private readonly onChange: () => void) {}

  watch(files: readonly string[]): void {
    const wanted = new Map<string, Set<string>>();
    for (const file of files) {
      const dir = path.dirname(file);
      if (!wanted.has(dir)) wanted.set(dir, new Set());
      wanted.get(dir)!.add(path.basename(file));
    }
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      this.watchers.get(dir)?.close();
      try {
        const watcher = watch(dir, (_event, name) => {
          if (name === null || names.has(String(name))) this.onChange();
        });
        watcher.on('error', () => watcher.close());
        this.watchers.set(dir, watcher);
      } catch {
        // A folder that cannot be watched: reload() still works.
      }
    }
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
