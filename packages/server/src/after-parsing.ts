/**
 * Runs work once the HTTP parser is done with the bytes at hand. A microtask is too early: the
 * server's parser reads from the socket natively and runs microtasks after each of its callbacks,
 * so one queued when a request's headers are parsed runs before the body that came in the same
 * packet is; a body timer armed there was created and cleared for every request. One
 * `setImmediate` per turn of the event loop serves every request that came in it.
 */
export interface Armable {
  arm(): void;
}

let waiting: Armable[] = [];

export function armAfterParsing(armable: Armable): void {
  waiting.push(armable);
  if (waiting.length === 1) setImmediate(runWaiting);
}

function runWaiting(): void {
  const due = waiting;
  waiting = [];
  for (const armable of due) armable.arm();
}
