/**
 * Nothing the stack declares is bound to `cluster-admin` (CIS 5.1.1): neither a
 * ClusterRoleBinding (every permission everywhere) nor a RoleBinding that references the
 * ClusterRole (every permission in that namespace, RBAC and secrets included). A binding to a
 * namespaced Role that happens to be called `cluster-admin` is a different role and passes.
 */
import type { BaselineResourcePolicy } from "../../catalog";
import { isBindingType } from "../../rbac-rules";
import { fieldViolation, read, subjectOf } from "../../violation";

/** The built-in superuser ClusterRole. */
const CLUSTER_ADMIN = "cluster-admin";

const policy: BaselineResourcePolicy = {
    name: "rbac-no-cluster-admin-binding",
    description:
        "No RoleBinding or ClusterRoleBinding references the cluster-admin ClusterRole; bind a role that grants only what the subjects need.",
    severity: "critical",
    checklist: "nothing is bound to cluster-admin",
    cis: "5.1.1",
    validateResource: (args, reportViolation) => {
        if (!isBindingType(args.type)) {
            return;
        }
        const kind = read(args.props, "roleRef", "kind");
        const name = read(args.props, "roleRef", "name");
        if (kind === "ClusterRole" && name === CLUSTER_ADMIN) {
            reportViolation(
                fieldViolation(
                    subjectOf(args.type, args.props, args.name),
                    "roleRef.name",
                    name,
                    "a role granting only what the subjects need, not the cluster-admin ClusterRole",
                ),
            );
        }
    },
};

export default policy;
