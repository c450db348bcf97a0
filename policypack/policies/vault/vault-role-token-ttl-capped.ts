/**
 * Tokens a Vault Kubernetes auth role issues are short-lived: `tokenTtl` at most
 * `maxTokenTtlSeconds` (default 3600) and the longest renewal (`tokenMaxTtl`, or
 * `tokenExplicitMaxTtl` when it is lower) at most `maxTokenMaxTtlSeconds` (default 86400). Unset,
 * both fall back to the mount's or the system's default, 32 days unless tuned. A periodic token
 * (`tokenPeriod`) renews forever and never reaches a max TTL, so it is refused. A cap of the
 * wrong shape in the policy config is reported and read as 1 second, the strictest cap.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { knownString, readKnown } from "../../known-values";
import { PolicySettings } from "../../policy-config";
import { fieldViolation } from "../../violation";

const NAME = "vault-role-token-ttl-capped";

/**
 * The smallest cap the config may set, and the cap read in place of one of the wrong shape (the
 * problem is reported too): any larger stand-in, the default included, could be looser than the
 * value that was meant and let a longer-lived token pass.
 */
const MIN_CAP_SECONDS = 1;

/** Seconds from a number or a numeric string; undefined when unset; NaN when not a number. */
function seconds(value: unknown): number | undefined {
    if (value === undefined || value === null || value === "" || value === 0) {
        return undefined;
    }
    return typeof value === "number"
        ? value
        : typeof value === "string" && /^\d+$/.test(value)
          ? Number(value)
          : NaN;
}

const policy: BaselineResourcePolicy = {
    name: NAME,
    description:
        "Vault Kubernetes auth roles set tokenTtl and tokenMaxTtl within the configured caps and issue no periodic tokens.",
    severity: "medium",
    checklist: "Vault tokens are short-lived",
    resourceType: "vault:kubernetes/authBackendRole:AuthBackendRole",
    configSchema: {
        properties: {
            maxTokenTtlSeconds: {
                type: "integer",
                minimum: MIN_CAP_SECONDS,
                default: 3600,
                description: "The longest tokenTtl allowed, in seconds.",
            },
            maxTokenMaxTtlSeconds: {
                type: "integer",
                minimum: MIN_CAP_SECONDS,
                default: 86400,
                description:
                    "The longest tokenMaxTtl (or tokenExplicitMaxTtl) allowed, in seconds.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== policy.resourceType) {
            return;
        }
        const settings = new PolicySettings(NAME, args.getConfig());
        const min = MIN_CAP_SECONDS;
        const maxTtl = settings.integer("maxTokenTtlSeconds", 3600, min, min);
        const maxMaxTtl = settings.integer("maxTokenMaxTtlSeconds", 86400, min, min);
        settings.problems.forEach((problem) => reportViolation(problem));
        const subject = `AuthBackendRole ${knownString(args.props, "roleName") ?? args.name}`;

        const ttl = readKnown(args.props, "tokenTtl");
        if (ttl.known) {
            const value = seconds(ttl.value);
            if (value === undefined || !(value <= maxTtl)) {
                reportViolation(
                    fieldViolation(subject, "tokenTtl", ttl.value, `1 to ${maxTtl} seconds`),
                );
            }
        }

        const max = readKnown(args.props, "tokenMaxTtl");
        const explicit = readKnown(args.props, "tokenExplicitMaxTtl");
        if (max.known && explicit.known) {
            const caps = [seconds(max.value), seconds(explicit.value)].filter(
                (v) => v !== undefined,
            ) as number[];
            const effective = caps.length === 0 ? undefined : Math.min(...caps);
            if (effective === undefined || !(effective <= maxMaxTtl)) {
                reportViolation(
                    fieldViolation(subject, "tokenMaxTtl", max.value, `1 to ${maxMaxTtl} seconds`),
                );
            }
        }

        const period = readKnown(args.props, "tokenPeriod");
        if (period.known && seconds(period.value) !== undefined) {
            reportViolation(
                fieldViolation(
                    subject,
                    "tokenPeriod",
                    period.value,
                    "unset (periodic tokens never expire)",
                ),
            );
        }
    },
};

export default policy;
