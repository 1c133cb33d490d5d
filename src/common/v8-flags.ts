import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process; called first thing by the server
 * (`main.ts`) and the CLI (`cli.ts`), before anything is allocated in bulk.
 *
 * Why: a report that reads thousands of rows at once (the summary's groups) keeps every row object
 * of the driver's parser alive until the result is complete, so V8 decides that the parser's
 * allocation sites make long-lived objects and from then on allocates those rows straight in the
 * old generation, for good. Every later read that streams rows (the CSV export, issue 14) then
 * fills the old generation with garbage, holds its strings alive across scavenges and runs a full
 * mark-compact about twice a second: the export ran at ~22 instead of ~13 µs of server CPU per row
 * for the rest of the process's life (measured, with the request-rate A/B, in bench/README.md,
 * "The export after the reports"). A request/response server's objects die young; with pretenuring
 * off nothing else measured got slower. The flag is a V8 one that `NODE_OPTIONS` refuses, hence here.
 */
export function tuneGarbageCollector(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
