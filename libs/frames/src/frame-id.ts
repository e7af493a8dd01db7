/** The idempotent id of a frame, `sid:seq`: a re-delivered frame overwrites its document, never duplicates it. */
export function frameId(sid: string, seq: number): string {
  return `${sid}:${seq}`;
}
