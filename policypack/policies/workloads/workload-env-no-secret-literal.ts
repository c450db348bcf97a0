/**
 * Secrets do not sit in pod specs as literal environment values, where anyone who can read the
 * workload (or its Pulumi state, or its manifest in git) reads them too. An `env` entry is
 * reported when its name says it holds a secret (PASSWORD, TOKEN, SECRET, API_KEY, ...) and it
 * has a literal `value`, or when its value is shaped like a known credential (AWS access key id,
 * PEM private key, JWT, URL with a password) whatever its name. `valueFrom` (secretKeyRef) is
 * the way; the value found is never repeated in the message.
 *
 * LIMITATION: name and value shapes are heuristics: a secret under an innocent name in an
 * unknown format passes, and a harmless literal under a secret-sounding name is reported
 * (rename it or read it from a ConfigMap).
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { containerField, containersOf, podTemplatesOf } from "../../pod-templates";
import { secretLiteralReason } from "../../secret-literals";
import { subjectOf } from "../../violation";

const policy: BaselineResourcePolicy = {
    name: "workload-env-no-secret-literal",
    description:
        "No container env entry holds a secret as a literal value (by its name or the shape of its value); secrets come through valueFrom.secretKeyRef. Values are redacted in messages.",
    severity: "high",
    checklist: "no secrets as literal environment values",
    validateResource: (args, reportViolation) => {
        // A literal is a value set, in a patch as in a whole object: both are judged alike.
        const containers = podTemplatesOf(args.type, args.props).flatMap((pod) =>
            containersOf(pod),
        );
        if (containers.length === 0) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        for (const ref of containers) {
            const env = ref.container.env;
            if (!Array.isArray(env)) {
                continue;
            }
            env.forEach((entry: unknown, index: number) => {
                if (entry === null || typeof entry !== "object") {
                    return;
                }
                const { name, value } = entry as { name?: unknown; value?: unknown };
                const reason = secretLiteralReason(name, value);
                if (reason === undefined) {
                    return;
                }
                const label = typeof name === "string" ? ` (${JSON.stringify(name)})` : "";
                const field = containerField(ref, `env[${index}]${label}.value`);
                reportViolation(
                    `${subject}: ${field} is a literal (redacted); allowed: valueFrom.secretKeyRef, not a literal (${reason})`,
                );
            });
        }
    },
};

export default policy;
