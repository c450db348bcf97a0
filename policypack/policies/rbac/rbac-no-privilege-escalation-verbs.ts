/**
 * Roles do not hand out the verbs that get around RBAC itself (CIS 5.1.8): `bind` and `escalate`
 * on roles and clusterroles (grant, or create a role with, permissions the subject lacks) and
 * `impersonate` on users, groups, service accounts, uids and user extras (act as someone else).
 * A named verb is reported wherever it appears; the `*` verb is reported where the rule's
 * groups and resources reach those targets.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import {
    coversGroup,
    coversResource,
    entriesOf,
    isRoleType,
    RBAC_GROUP,
    rulesOf,
    WILDCARD,
    type RoleRule,
} from "../../rbac-rules";
import { fieldViolation, subjectOf } from "../../violation";

/** The escalation verbs and what each acts on, as [verb, API group, resources]. */
const ESCALATIONS: [string, string, string[]][] = [
    ["bind", RBAC_GROUP, ["roles", "clusterroles"]],
    ["escalate", RBAC_GROUP, ["roles", "clusterroles"]],
    ["impersonate", "", ["users", "groups", "serviceaccounts"]],
    ["impersonate", "authentication.k8s.io", ["uids", "userextras/*"]],
];

const VERBS = new Set(ESCALATIONS.map(([verb]) => verb));

const ALLOWED = "verbs other than bind, escalate and impersonate";

/** The escalations a `*` verb grants through this rule's groups and resources. */
function wildcardEscalations(rule: RoleRule): string[] {
    const found = new Set<string>();
    for (const [verb, group, resources] of ESCALATIONS) {
        const reached = resources.filter((resource) => coversResource(rule, resource));
        if (coversGroup(rule, group) && reached.length > 0) {
            found.add(`${verb} on ${reached.join(", ")}`);
        }
    }
    return [...found];
}

const policy: BaselineResourcePolicy = {
    name: "rbac-no-privilege-escalation-verbs",
    description:
        "No Role or ClusterRole grants bind, escalate or impersonate, by name or through the * verb on the resources they act on.",
    severity: "critical",
    checklist: "no RBAC escalation verbs",
    cis: "5.1.8",
    validateResource: (args, reportViolation) => {
        if (!isRoleType(args.type)) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        for (const rule of rulesOf(args.props)) {
            for (const entry of entriesOf(rule, "verbs")) {
                if (VERBS.has(entry.value)) {
                    reportViolation(fieldViolation(subject, entry.path, entry.value, ALLOWED));
                } else if (entry.value === WILDCARD) {
                    const grants = wildcardEscalations(rule);
                    if (grants.length > 0) {
                        reportViolation(
                            `${fieldViolation(subject, entry.path, entry.value, ALLOWED)} (grants ${grants.join("; ")})`,
                        );
                    }
                }
            }
        }
    },
};

export default policy;
