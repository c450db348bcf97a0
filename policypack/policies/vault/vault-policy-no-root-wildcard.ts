/**
 * Vault ACL policies grant nothing on a path whose first segment is a wildcard: `path "*"`,
 * `path "+/*"`, `path "s*"`, also written with the leading `/` Vault strips (`path "/*"`).
 * Such a path spans every mount (secrets engines, `sys/`, `auth/`, `identity/`), so it reaches
 * well beyond any one tenant's secrets. A rule that only denies (`capabilities = ["deny"]`)
 * grants nothing and is allowed.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { knownString } from "../../known-values";
import { matchedPath, readVaultPolicy } from "../../vault-policy-text";
import { fieldViolation } from "../../violation";

const NAME = "vault-policy-no-root-wildcard";

/** True when the path's first segment matches more than one mount. */
function wildcardAtRoot(path: string): boolean {
    const first = path.split("/")[0];
    return first === "+" || first.includes("*");
}

const policy: BaselineResourcePolicy = {
    name: NAME,
    description:
        'Vault ACL policies grant no capability on a path with a wildcard in its first segment, such as path "*".',
    severity: "critical",
    checklist: "Vault policies grant least privilege",
    resourceType: "vault:index/policy:Policy",
    validateResource: (args, reportViolation) => {
        if (args.type !== policy.resourceType) {
            return;
        }
        const subject = `Policy ${knownString(args.props, "name") ?? args.name}`;
        const reading = readVaultPolicy(args.props.policy);
        if ("problem" in reading) {
            // vault-policy-no-sudo reports the unreadable text.
            return;
        }
        for (const rule of reading.rules) {
            const grants = rule.capabilities.some((c) => c !== "deny");
            if (grants && wildcardAtRoot(matchedPath(rule))) {
                reportViolation(
                    fieldViolation(
                        subject,
                        `policy path (line ${rule.line})`,
                        rule.path,
                        "a path under one mount, such as secret/data/<tenant>/*",
                    ),
                );
            }
        }
    },
};

export default policy;
