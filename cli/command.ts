/**
 * How every tool of `cli/` runs as a command: its main's number becomes the exit status, set as
 * `exitCode` rather than by `exit()` so that a large report on a pipe is flushed first, and an
 * unexpected failure is shown with its stack and exit status 3.
 */

/**
 * Runs `main` as the process's command. Promises rejected outside main (a failing program leaves
 * the SDK's other promises rejected too, echoes of what main reports) are kept; the first that
 * `isReported` does not recognise is shown only when main did not itself end with a usage error.
 */
export function runCommand(
    label: string,
    main: () => Promise<number>,
    isReported: (err: unknown) => boolean = () => false,
): void {
    const echoes: unknown[] = [];
    process.on("unhandledRejection", (err) => echoes.push(err));
    const unexpected = (err: unknown) => {
        process.stderr.write(
            `error: the ${label} failed unexpectedly: ${(err as Error)?.stack ?? err}\n`,
        );
        process.exitCode = 3;
    };
    main().then((code) => {
        process.exitCode = code;
        setImmediate(() => {
            const stray = echoes.find((err) => !isReported(err));
            if (code !== 2 && stray !== undefined) {
                unexpected(stray);
            }
        });
    }, unexpected);
}
