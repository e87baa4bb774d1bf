/**
 * A problem the user can act on that is not a misspelt flag: a file that is
 * missing or unwritable, a model that cannot produce what was asked, a run
 * that never trained. Reported as one line on stderr, exit code 1, no trace.
 */
export class CliError extends Error {
  override name = 'CliError';
}
