/**
 * Every Secrets Manager secret of the stack is rotated, by a SecretRotation whose schedule
 * leaves at most `maxRotationDays` (default 30) between two rotations. A stack policy, because a
 * secret and its rotation are two resources: the rotation names its secret in `secretId` (name,
 * id or ARN), and where that is not known yet during a preview, the rotation's dependency on the
 * secret (`propertyDependencies.secretId`, else its dependencies) says which it is.
 */
import type { PolicyResource } from "@pulumi/policy";

import type { BaselineStackPolicy } from "../../catalog";
import { knownString, readKnown } from "../../known-values";
import { PolicySettings } from "../../policy-config";
import { longestRotationGap } from "../../rotation-schedule";
import { fieldViolation } from "../../violation";

const NAME = "aws-secret-rotation-within-days";
const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

/** The secret's name from a Secrets Manager ARN (`...:secret:<name>-<6 characters>`). */
function nameInArn(arn: string): string | undefined {
    const match = /^arn:[^:]+:secretsmanager:[^:]*:\d*:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn);
    return match === null ? undefined : match[1];
}

/** Finds secrets by any identifier a SecretRotation may give: name, id or ARN. */
class SecretIndex {
    private readonly byIdentifier = new Map<string, PolicyResource>();

    add(secret: PolicyResource): void {
        for (const key of ["name", "id", "arn"]) {
            const value = knownString(secret.props, key);
            if (value !== undefined) {
                this.byIdentifier.set(value, secret);
            }
        }
    }

    find(secretId: string): PolicyResource | undefined {
        const arnName = nameInArn(secretId);
        return (
            this.byIdentifier.get(secretId) ??
            (arnName === undefined ? undefined : this.byIdentifier.get(arnName))
        );
    }
}

/** The secret a rotation rotates: by its secretId when known, else by its dependencies. */
function rotatedSecret(rotation: PolicyResource, index: SecretIndex): PolicyResource | undefined {
    const secretId = knownString(rotation.props, "secretId");
    const byId = secretId === undefined ? undefined : index.find(secretId);
    if (byId !== undefined) {
        return byId;
    }
    const fromProperty = (rotation.propertyDependencies?.secretId ?? []).filter(
        (r) => r.type === SECRET,
    );
    if (fromProperty.length === 1) {
        return fromProperty[0];
    }
    const fromAny = (rotation.dependencies ?? []).filter((r) => r.type === SECRET);
    return fromAny.length === 1 ? fromAny[0] : undefined;
}

function secretLabel(secret: PolicyResource): string {
    return `Secret ${knownString(secret.props, "name") ?? secret.name}`;
}

const policy: BaselineStackPolicy = {
    name: NAME,
    description:
        "Every Secrets Manager secret has a SecretRotation whose schedule rotates it at least every maxRotationDays days.",
    severity: "high",
    checklist: "secrets rotate at least every 30 days",
    configSchema: {
        properties: {
            maxRotationDays: {
                type: "integer",
                minimum: 1,
                default: 30,
                description: "The longest time allowed between two rotations of a secret, in days.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const settings = new PolicySettings(NAME, args.getConfig());
        const max = settings.integer("maxRotationDays", 30, 1, 30);
        settings.problems.forEach((problem) => reportViolation(problem));
        const allowed = `a schedule that rotates at least every ${max} days`;
        const index = new SecretIndex();
        const secrets = args.resources.filter((r) => r.type === SECRET);
        secrets.forEach((s) => index.add(s));

        const rotated = new Set<PolicyResource>();
        for (const rotation of args.resources.filter((r) => r.type === ROTATION)) {
            const secret = rotatedSecret(rotation, index);
            const subject = `SecretRotation ${rotation.name}${secret === undefined ? "" : ` of ${secretLabel(secret)}`}`;
            if (secret !== undefined) {
                rotated.add(secret);
            }
            const enabled = readKnown(rotation.props, "rotationEnabled");
            if (enabled.known && enabled.value === false) {
                reportViolation(
                    fieldViolation(subject, "rotationEnabled", false, "true or unset"),
                    rotation.urn,
                );
                continue;
            }
            const rules = readKnown(rotation.props, "rotationRules");
            if (!rules.known) {
                continue;
            }
            const reading = longestRotationGap(rules.value);
            if ("problem" in reading) {
                reportViolation(
                    `${subject}: rotationRules ${reading.problem}; allowed: ${allowed}`,
                    rotation.urn,
                );
            } else if (reading.days > max) {
                reportViolation(
                    `${subject}: rotationRules (${reading.schedule}) leaves up to ${reading.days} days between rotations; allowed: ${allowed}`,
                    rotation.urn,
                );
            }
        }

        for (const secret of secrets) {
            if (!rotated.has(secret)) {
                reportViolation(
                    `${secretLabel(secret)}: no SecretRotation rotates it; allowed: a SecretRotation with ${allowed}`,
                    secret.urn,
                );
            }
        }
    },
};

export default policy;
