/**
 * A deleted Secrets Manager secret stays restorable for a recovery window of at least
 * `minRecoveryWindowDays` (default 7; Secrets Manager allows 7 to 30, and 0 to delete at once
 * with no way back). Left unset, the window is Secrets Manager's default of 30 days.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { knownString, readKnown } from "../../known-values";
import { PolicySettings } from "../../policy-config";
import { fieldViolation } from "../../violation";

const NAME = "aws-secret-recovery-window";

const policy: BaselineResourcePolicy = {
    name: NAME,
    description:
        "Secrets Manager secrets keep a recovery window (recoveryWindowInDays) of at least minRecoveryWindowDays days; 0 deletes a secret at once.",
    severity: "medium",
    checklist: "deleted secrets can be recovered",
    resourceType: "aws:secretsmanager/secret:Secret",
    configSchema: {
        properties: {
            minRecoveryWindowDays: {
                type: "integer",
                minimum: 7,
                maximum: 30,
                default: 7,
                description: "The shortest recovery window allowed, in days.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== policy.resourceType) {
            return;
        }
        const settings = new PolicySettings(NAME, args.getConfig());
        const min = settings.integer("minRecoveryWindowDays", 7, 7, 30);
        settings.problems.forEach((problem) => reportViolation(problem));
        const window = readKnown(args.props, "recoveryWindowInDays");
        if (!window.known || window.value === undefined || window.value === null) {
            return;
        }
        if (typeof window.value !== "number" || window.value < min) {
            const shownName = knownString(args.props, "name") ?? args.name;
            reportViolation(
                fieldViolation(
                    `Secret ${shownName}`,
                    "recoveryWindowInDays",
                    window.value,
                    `at least ${min} days`,
                ),
            );
        }
    },
};

export default policy;
