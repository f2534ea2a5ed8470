/**
 * One piece of work at a time per key (an account): saves and restores of one account each
 * re-read, compare and write the user, so two of them overlapping could both pass the check and
 * the later write would silently undo the earlier one.
 */
export class KeyedQueue {
  private tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(work)
    const tail = result.catch(() => {})
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }
}
