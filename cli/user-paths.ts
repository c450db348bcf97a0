/**
 * Paths as the user typed them. `npm run` starts the tools in the project's root, whatever folder
 * the user was in; npm keeps that folder in INIT_CWD, against which the user's paths resolve.
 */
import * as path from "path";

/** The folder the user ran the command from. */
export function userFolder(): string {
    return process.env.INIT_CWD || process.cwd();
}

/** A path given on the command line, made absolute against the user's folder. */
export function userPath(given: string): string {
    return path.resolve(userFolder(), given);
}
