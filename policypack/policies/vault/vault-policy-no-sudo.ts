/**
 * Vault ACL policies grant no `sudo` capability, on any path (nor the legacy
 * `policy = "sudo"`): sudo opens the root-protected endpoints (`sys/`, auth and audit
 * configuration, token creation with any policy), which no tenant needs.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { knownString } from "../../known-values";
import { readVaultPolicy } from "../../vault-policy-text";
import { fieldViolation } from "../../violation";

const NAME = "vault-policy-no-sudo";

const policy: BaselineResourcePolicy = {
    name: NAME,
    description: "Vault ACL policies grant no sudo capability on any path.",
    severity: "high",
    checklist: "Vault policies grant least privilege",
    resourceType: "vault:index/policy:Policy",
    validateResource: (args, reportViolation) => {
        if (args.type !== policy.resourceType) {
            return;
        }
        const subject = `Policy ${knownString(args.props, "name") ?? args.name}`;
        const reading = readVaultPolicy(args.props.policy);
        if ("problem" in reading) {
            reportViolation(
                `${subject}: policy cannot be read (${reading.problem}); allowed: an HCL or JSON ACL policy`,
            );
            return;
        }
        for (const rule of reading.rules) {
            if (rule.capabilities.includes("sudo")) {
                reportViolation(
                    fieldViolation(
                        subject,
                        `policy path "${rule.path}" (line ${rule.line}) capabilities`,
                        rule.capabilities,
                        "capabilities without sudo",
                    ),
                );
            }
        }
    },
};

export default policy;
