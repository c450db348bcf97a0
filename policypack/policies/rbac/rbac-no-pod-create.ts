/**
 * Roles do not let subjects create pods (CIS 5.1.4): a subject that can create a pod can run
 * any image as any service account of the namespace and mount its secrets. Workload
 * controllers create pods under their own identity; people and applications create Deployments
 * and Jobs. Reported for `create` or `*` on core `pods` (directly or through `*` groups and
 * resources).
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { coversGroup, coversResource, grantedVerbs, isRoleType, rulesOf } from "../../rbac-rules";
import { fieldViolation, subjectOf } from "../../violation";

const policy: BaselineResourcePolicy = {
    name: "rbac-no-pod-create",
    description: "No Role or ClusterRole grants create on core pods, by name or through wildcards.",
    severity: "high",
    checklist: "no direct pod creation rights",
    cis: "5.1.4",
    validateResource: (args, reportViolation) => {
        if (!isRoleType(args.type)) {
            return;
        }
        const subject = subjectOf(args.type, args.props, args.name);
        for (const rule of rulesOf(args.props)) {
            if (
                coversGroup(rule, "") &&
                coversResource(rule, "pods") &&
                grantedVerbs(rule, ["create"]).length > 0
            ) {
                reportViolation(
                    fieldViolation(
                        subject,
                        `${rule.path}.verbs`,
                        rule.verbs,
                        "no create on pods; grant it on the workload kinds instead",
                    ),
                );
            }
        }
    },
};

export default policy;
