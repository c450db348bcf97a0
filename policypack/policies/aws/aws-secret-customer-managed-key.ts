/**
 * Secrets Manager secrets are encrypted with a customer-managed KMS key (`kmsKeyId`), never
 * with the AWS-managed key `aws/secretsmanager` that Secrets Manager uses when none is given:
 * the AWS-managed key's policy lets every principal of the account that may read the secret
 * decrypt it, and it cannot be scoped, rotated on demand or shared. During a preview the key's
 * ARN is usually not known yet; a value that is not known is a reference to a key resource, not
 * the AWS-managed alias (which is always a literal), so presence is what is checked then.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { hasProperty, knownString, readKnown } from "../../known-values";
import { fieldViolation } from "../../violation";

const NAME = "aws-secret-customer-managed-key";

/** The AWS-managed key of Secrets Manager, as an alias name or an alias ARN. */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\/secretsmanager$/;

/** How a secret is named in a message: its name when known, else its Pulumi resource name. */
function subject(props: unknown, resourceName: string): string {
    return `Secret ${knownString(props, "name") ?? resourceName}`;
}

const policy: BaselineResourcePolicy = {
    name: NAME,
    description:
        "Secrets Manager secrets set kmsKeyId to a customer-managed KMS key, not the AWS-managed aws/secretsmanager key.",
    severity: "high",
    checklist: "secrets are encrypted with a customer-managed key",
    resourceType: "aws:secretsmanager/secret:Secret",
    validateResource: (args, reportViolation) => {
        if (args.type !== policy.resourceType) {
            return;
        }
        const allowed = "the ARN, id or alias of a customer-managed KMS key";
        if (!hasProperty(args.props, "kmsKeyId")) {
            reportViolation(
                `${fieldViolation(subject(args.props, args.name), "kmsKeyId", undefined, allowed)} (unset means the AWS-managed aws/secretsmanager key)`,
            );
            return;
        }
        const key = readKnown(args.props, "kmsKeyId");
        if (!key.known) {
            return;
        }
        if (
            typeof key.value !== "string" ||
            key.value === "" ||
            AWS_MANAGED_ALIAS.test(key.value)
        ) {
            reportViolation(
                fieldViolation(subject(args.props, args.name), "kmsKeyId", key.value, allowed),
            );
        }
    },
};

export default policy;
