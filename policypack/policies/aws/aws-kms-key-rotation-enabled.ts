/**
 * Symmetric KMS keys rotate their key material every year or sooner (`enableKeyRotation:
 * true`). Asymmetric and HMAC keys cannot rotate automatically, so they are out of scope.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { knownString, readKnown } from "../../known-values";
import { fieldViolation } from "../../violation";

const NAME = "aws-kms-key-rotation-enabled";

const policy: BaselineResourcePolicy = {
    name: NAME,
    description: "Symmetric KMS keys set enableKeyRotation to true.",
    severity: "medium",
    checklist: "encryption keys rotate",
    resourceType: "aws:kms/key:Key",
    validateResource: (args, reportViolation) => {
        if (args.type !== policy.resourceType) {
            return;
        }
        const spec = readKnown(args.props, "customerMasterKeySpec");
        const usage = readKnown(args.props, "keyUsage");
        const symmetric =
            (!spec.known || spec.value === undefined || spec.value === "SYMMETRIC_DEFAULT") &&
            (!usage.known || usage.value === undefined || usage.value === "ENCRYPT_DECRYPT");
        if (!symmetric) {
            return;
        }
        const rotation = readKnown(args.props, "enableKeyRotation");
        if (rotation.known && rotation.value !== true) {
            const description = knownString(args.props, "description");
            const label = description === undefined ? "" : ` (${description})`;
            reportViolation(
                fieldViolation(
                    `Key ${args.name}${label}`,
                    "enableKeyRotation",
                    rotation.value,
                    "true",
                ),
            );
        }
    },
};

export default policy;
