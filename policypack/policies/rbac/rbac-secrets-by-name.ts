/**
 * Access to Secrets is by name (CIS 5.1.2): a rule that grants get, update, patch or delete on
 * core `secrets` (directly or through `*`) lists the Secrets in `resourceNames`, and no rule
 * grants `list` or `watch` on them, which return every Secret's data in the namespace whatever
 * `resourceNames` says. `create` is left alone: RBAC cannot scope it by name.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { coversGroup, coversResource, grantedVerbs, isRoleType, rulesOf } from "../../rbac-rules";
import { fieldViolation, subjectOf } from "../../violation";

/** Verbs on single objects, which resourceNames can restrict. */
const BY_NAME_VERBS = ["get", "update", "patch", "delete"];

/** Verbs that read every Secret at once. */
const COLLECTION_READ_VERBS = ["list", "watch"];

const policy: BaselineResourcePolicy = {
    name: "rbac-secrets-by-name",
    description:
        "Rules on core secrets grant get/update/patch/delete only with resourceNames, and never list or watch.",
    severity: "high",
    checklist: "secrets are reachable only by name",
    cis: "5.1.2",
    validateResource: (args, reportViolation) => {
        if (!isRoleType(args.type)) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        for (const rule of rulesOf(args.props)) {
            if (!coversGroup(rule, "") || !coversResource(rule, "secrets")) {
                continue;
            }
            const reading = grantedVerbs(rule, COLLECTION_READ_VERBS);
            if (reading.length > 0) {
                reportViolation(
                    `${fieldViolation(subject, `${rule.path}.verbs`, rule.verbs, "get, update, patch or delete on named secrets; never list or watch")} (grants ${reading.join(" and ")} on secrets)`,
                );
            }
            if (grantedVerbs(rule, BY_NAME_VERBS).length > 0 && rule.resourceNames.length === 0) {
                reportViolation(
                    fieldViolation(
                        subject,
                        `${rule.path}.resourceNames`,
                        undefined,
                        "the names of the secrets the subjects need",
                    ),
                );
            }
        }
    },
};

export default policy;
