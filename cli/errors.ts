/** Exit codes, one per kind of failure (README "CLI" lists them). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  badToken: 3,
  unknownEndpoint: 4,
  unreachable: 5,
} as const;

/** An error that ends the CLI with a sentence for the user and its exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}
