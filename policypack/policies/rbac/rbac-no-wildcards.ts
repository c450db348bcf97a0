/**
 * Roles name what they grant (CIS 5.1.3): no `*` in a rule's `apiGroups`, `resources`, `verbs`
 * or `nonResourceURLs`. That covers the whole-list wildcard and the partial ones RBAC also
 * honours: `*\/scale` (a subresource of every resource) and `/logs/*` (a URL prefix). A wildcard
 * grants what exists now and whatever is added to the cluster later.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { entriesOf, isRoleType, rulesOf, WILDCARD, WILDCARD_FIELDS } from "../../rbac-rules";
import { fieldViolation, subjectOf } from "../../violation";

const ALLOWED: Record<(typeof WILDCARD_FIELDS)[number], string> = {
    apiGroups: "named API groups",
    resources: "named resources",
    verbs: "named verbs",
    nonResourceURLs: "full URL paths",
};

const policy: BaselineResourcePolicy = {
    name: "rbac-no-wildcards",
    description:
        "Role and ClusterRole rules list their apiGroups, resources, verbs and nonResourceURLs by name, with no * anywhere in them.",
    severity: "high",
    checklist: "RBAC roles grant no wildcards",
    cis: "5.1.3",
    validateResource: (args, reportViolation) => {
        if (!isRoleType(args.type)) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        for (const rule of rulesOf(args.props)) {
            for (const field of WILDCARD_FIELDS) {
                for (const entry of entriesOf(rule, field)) {
                    if (entry.value.includes(WILDCARD)) {
                        reportViolation(
                            fieldViolation(subject, entry.path, entry.value, ALLOWED[field]),
                        );
                    }
                }
            }
        }
    },
};

export default policy;
